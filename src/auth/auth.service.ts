import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hashPassword, verifyPassword } from '../common/auth/passwords.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { LoginThrottle } from './login-throttle.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokenPayload, type TokenPair } from './token-pair.js';

@Injectable()
export class AuthService {
  /** Verified against when the login is unknown, so both failures take the same time. */
  private readonly decoyHash = hashPassword('decoy-password-never-matches');

  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Checks a login and password from `ip` under the login throttle (429 TOO_MANY_REQUESTS before
   * the password is even looked at, once this account or this address has tried too often).
   */
  async login(login: string, password: string, ip: string): Promise<TokenPair> {
    const user = await this.users.findByLogin(login);
    // One count per account whatever names it (username or e-mail); unknown logins by name.
    const account = user ? `user:${user.id}` : `login:${login.trim().toLowerCase()}`;
    await this.throttle.reserveLogin(ip, account);
    const hash = user?.passwordHash ?? (await this.decoyHash);
    const valid = await verifyPassword(hash, password);
    if (!user || !user.active || !user.passwordHash || !valid) {
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong login or password');
    }
    await this.throttle.loginSucceeded(ip, account);
    await this.users.recordLogin(user.id);
    return this.issue(user);
  }

  async refresh(token: string): Promise<TokenPair> {
    const consumed = await this.refreshTokens.consume(token);
    const user = await this.users.findActive(consumed.userId);
    const changedAt = user?.credentialsChangedAt?.getTime() ?? 0;
    if (!user || changedAt > consumed.createdAt.getTime()) {
      await this.refreshTokens.revokeFamily(consumed.familyId);
      throw new DomainError('UNAUTHENTICATED', 'This session has ended, log in again');
    }
    return this.issue(user, consumed.familyId);
  }

  async logout(token: string, userId: string): Promise<void> {
    await this.refreshTokens.revoke(token, userId);
  }

  async verifyAccessToken(token: string): Promise<AccessTokenPayload | null> {
    try {
      return await this.jwt.verifyAsync<AccessTokenPayload>(token);
    } catch {
      return null;
    }
  }

  async issue(user: User, familyId?: string): Promise<TokenPair> {
    const payload: AccessTokenPayload = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: ACCESS_TOKEN_TTL_SECONDS });
    const refreshToken = await this.refreshTokens.issue(user.id, familyId);
    return {
      accessToken,
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: {
        id: user.id,
        role: user.role,
        displayName: user.displayName,
        ...(user.participantId ? { participantId: user.participantId } : {}),
        ...(user.partnerId ? { partnerId: user.partnerId } : {}),
      },
    };
  }
}
