import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service.js';
import { RefreshTokensService } from '../../auth/refresh-tokens.service.js';
import { REFRESH_TOKEN_TTL_DAYS, type TokenPair } from '../../auth/token-pair.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { UsersService } from '../../users/users.service.js';
import { SESSION_COOKIE, type WebRequest } from './web-request.js';

/**
 * Sessions for people. The HttpOnly cookie holds a refresh token of its own family (never sent
 * to the API, never rotated), so everything that ends API sessions ends web ones: logout revokes
 * the family, a password change or deactivation is seen through the user row
 * (`credentialsChangedAt` later than the session, or the account inactive), exactly as
 * POST /auth/refresh decides.
 */
@Injectable()
export class WebSessionService {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: RefreshTokensService,
    private readonly users: UsersService,
  ) {}

  /** The person behind a session cookie, or null when the session has ended. */
  async resolve(token: string): Promise<AuthUser | null> {
    const session = await this.tokens.findLive(token);
    if (!session) return null;
    const user = await this.users.findActive(session.userId);
    if (!user || (user.credentialsChangedAt?.getTime() ?? 0) > session.createdAt.getTime()) return null;
    return {
      id: user.id,
      role: user.role,
      displayName: user.displayName,
      partnerId: user.partnerId,
      participantId: user.participantId,
      sessionId: session.familyId,
    };
  }

  /** The same throttled check as POST /auth/login; a new session on success. */
  login(login: string, password: string, ip: string): Promise<TokenPair> {
    return this.auth.login(login, password, ip);
  }

  /** POST /auth/password's rule: this session goes on, every other one of the account ends. */
  changePassword(user: AuthUser, currentPassword: string, newPassword: string, ip: string): Promise<void> {
    return this.auth.changePassword(user, currentPassword, newPassword, ip);
  }

  /** Sets the cookie of a session just opened (login, activation). */
  start(request: WebRequest, response: Response, pair: TokenPair): void {
    response.cookie(SESSION_COOKIE, pair.refreshToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: '/',
      maxAge: REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    });
  }

  async end(token: string | undefined, userId: string, response: Response): Promise<void> {
    if (token) await this.tokens.revoke(token, userId);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Every session of this person ends, on every device, web and API. */
  async endEverywhere(userId: string, response: Response): Promise<void> {
    await this.tokens.revokeAllOf(userId);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
