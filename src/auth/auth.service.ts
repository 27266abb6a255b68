import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { JwtService } from '@nestjs/jwt';
import { hashPassword, verifyPassword } from '../common/auth/passwords.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { LoginThrottle } from './login-throttle.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { SessionChecks } from './session-checks.js';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokenPayload, isServerId, type TokenPair } from './token-pair.js';

/** Verified access tokens remembered at most (a few hundred bytes each). */
const MAX_VERIFIED_TOKENS = 5_000;

@Injectable()
export class AuthService {
  /** Access tokens whose signature was checked, with their claims: verifyAccessToken. */
  private readonly verified = new Map<string, AccessTokenPayload & { exp: number }>();
  /** Verified against when the login is unknown, so both failures take the same time. */
  private readonly decoyHash = hashPassword('decoy-password-never-matches');

  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionChecks,
    private readonly tx: TransactionRunner,
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

  /**
   * POST /auth/password: the caller's own password, checked under the login throttle (a stolen
   * access token must not become a password oracle). The session it is made from goes on; every
   * other session of the account ends, access tokens included.
   */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string, ip: string): Promise<void> {
    const account = `user:${caller.id}`;
    await this.throttle.reserveLogin(ip, account);
    const hash = await this.users.passwordHashOf(caller.id);
    if (!hash || !(await verifyPassword(hash, currentPassword))) {
      throw new DomainError('INVALID_CREDENTIALS', 'The current password is wrong', { field: 'currentPassword' });
    }
    await this.throttle.loginSucceeded(ip, account);
    const newHash = await hashPassword(newPassword);
    await this.tx.run(async () => {
      await this.users.setOwnPasswordHash(caller.id, newHash);
      await this.refreshTokens.revokeAllOf(caller.id, caller.sessionId);
    });
  }

  /**
   * The token's claims when its signature and expiry are right; the session is not checked here.
   * A signature once checked is remembered with its claims until the token expires: a client
   * sends the same token for its 15 minutes, and decoding and checking it again was a few percent
   * of every authenticated request's CPU. The expiry is checked on every call, as the verifier does.
   */
  async verifyAccessToken(token: string): Promise<AccessTokenPayload | null> {
    const known = this.knownClaims(token);
    if (known !== undefined) return known;
    let payload: AccessTokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload & { exp?: number }>(token);
    } catch {
      return null;
    }
    if (typeof payload.exp === 'number') {
      // Oldest first out: the map keeps insertion order.
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { ...payload, exp: payload.exp });
    }
    return payload;
  }

  /**
   * verifyAccessToken for a token whose signature was checked already, without waiting: its
   * claims, or null once it has expired; undefined when it is not known.
   */
  private knownClaims(token: string): AccessTokenPayload | null | undefined {
    const known = this.verified.get(token);
    if (!known) return undefined;
    if (Date.now() < known.exp * 1000) return known;
    this.verified.delete(token);
    return null;
  }

  /**
   * The caller an access token stands for, or null: signed and unexpired, the account active,
   * and its session (refresh-token family) not ended by a logout, a password change, a
   * deactivation or a stolen refresh token's reuse. Runs on every authenticated request: the
   * account and session are read afresh each time, with the other requests of the same turn of
   * the event loop (SessionChecks).
   */
  async authenticate(token: string): Promise<AuthUser | null> {
    const known = this.knownClaims(token);
    const payload = known === undefined ? await this.verifyAccessToken(token) : known;
    // Only ids this server makes: a claim that could fail the statement would fail the turn's
    // other requests with it (SessionChecks). The signature already rules out any other.
    if (!payload || !isServerId(payload.sub) || !isServerId(payload.sid)) return null;
    return this.sessions.check(payload.sub, payload.sid);
  }

  async issue(user: User, familyId: string = randomUUID()): Promise<TokenPair> {
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, sid: familyId };
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
