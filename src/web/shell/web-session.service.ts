import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service.js';
import { RefreshTokensService } from '../../auth/refresh-tokens.service.js';
import type { TokenPair } from '../../auth/token-pair.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppConfig } from '../../config/app-config.js';
import { UsersService } from '../../users/users.service.js';
import { CsrfTokensService } from './csrf-tokens.service.js';
import { CSRF_COOKIE, SEEN_COOKIE, SESSION_COOKIE, type WebRequest } from './web-request.js';

/**
 * Sessions for people. The HttpOnly cookie holds a refresh token of a family marked `web`: never
 * rotated, refused by POST /auth/refresh (the API never accepts the cookie). Everything that ends
 * API sessions ends web ones: logout revokes the family, a password change, a deactivation or an
 * erasure are seen through the family or the user row (`credentialsChangedAt` later than the
 * session, or the account inactive), exactly as POST /auth/refresh decides.
 *
 * A session also ends after WEB_SESSION_IDLE_MINUTES without a page asked for (a shared tablet at
 * the machine, a lent phone): the time of the last page travels in a second cookie, signed with
 * the session's token id so that it can be neither forged nor moved to another session. The
 * session cookie itself has no Max-Age: it goes when the browser closes.
 *
 * Real time (`Date.now()`), not the Clock, like the tokens the session is made of.
 */
@Injectable()
export class WebSessionService {
  private readonly idleMs: number;

  constructor(
    private readonly auth: AuthService,
    private readonly tokens: RefreshTokensService,
    private readonly users: UsersService,
    private readonly signer: CsrfTokensService,
    config: AppConfig,
  ) {
    this.idleMs = config.webSessionIdleMinutes * 60_000;
  }

  /** The person behind a session cookie, or null when the session has ended (it is then revoked). */
  async resolve(token: string, seen: string | undefined, now = Date.now()): Promise<AuthUser | null> {
    const session = await this.tokens.findLive(token);
    if (!session) return null;
    if (!this.activeSince(session.id, seen, now)) {
      await this.tokens.revokeFamily(session.familyId);
      return null;
    }
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

  /** The same throttled check as POST /auth/login. */
  login(login: string, password: string, ip: string): Promise<TokenPair> {
    return this.auth.login(login, password, ip);
  }

  /** POST /auth/password's rule: this session goes on, every other one of the account ends. */
  changePassword(user: AuthUser, currentPassword: string, newPassword: string, ip: string): Promise<void> {
    return this.auth.changePassword(user, currentPassword, newPassword, ip);
  }

  /**
   * Opens the session of a login or an activation: its family becomes a web one, a session this
   * browser held before ends (no session outlives the next login on a shared device), and the
   * CSRF seed is renewed.
   */
  async start(request: WebRequest, response: Response, pair: TokenPair, previous: string | undefined): Promise<void> {
    if (previous) {
      const old = await this.tokens.findLive(previous);
      if (old) await this.tokens.revokeFamily(old.familyId);
    }
    await this.tokens.markWeb(pair.refreshToken);
    const secure = request.secure;
    response.cookie(SESSION_COOKIE, pair.refreshToken, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    response.cookie(CSRF_COOKIE, this.signer.newSeed(), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    this.touch(request, response, pair.refreshToken);
  }

  /** Records a page asked for: the idle clock starts again. */
  touch(request: WebRequest, response: Response, token: string, now = Date.now()): void {
    const id = token.split('.')[0];
    response.cookie(SEEN_COOKIE, `${now}.${this.signer.mac(`seen:${id}:${now}`)}`, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
  }

  async end(token: string | undefined, userId: string, response: Response): Promise<void> {
    if (token) await this.tokens.revoke(token, userId);
    this.clear(response);
  }

  /** Every session of this person ends, on every device, web and API. */
  async endEverywhere(userId: string, response: Response): Promise<void> {
    await this.tokens.revokeAllOf(userId);
    this.clear(response);
  }

  clear(response: Response): void {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.clearCookie(SEEN_COOKIE, { path: '/' });
  }

  private activeSince(tokenId: string, seen: string | undefined, now: number): boolean {
    const [at, signature] = (seen ?? '').split('.');
    const time = Number(at);
    if (!Number.isSafeInteger(time) || signature !== this.signer.mac(`seen:${tokenId}:${at}`)) return false;
    return now - time <= this.idleMs && time <= now + 60_000;
  }
}
