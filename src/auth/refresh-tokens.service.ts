import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, Not, type Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import type { UserCredentialsChanged } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { isServerId, REFRESH_TOKEN_TTL_DAYS } from './token-pair.js';
import { RefreshToken } from './refresh-token.entity.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Rotating refresh tokens `<id>.<secret>`, stored as SHA-256. Each use consumes the token and
 * issues the next of its family; presenting a consumed token again revokes the family.
 * Real time throughout, not the Clock: a session's life is checked with the access token's,
 * which the JWT library measures in real time (a test stopping the Clock keeps its sessions).
 */
@Injectable()
export class RefreshTokensService {
  constructor(private readonly tx: TransactionRunner) {}

  /** Writes join the caller's transaction; on SQLite they must never run outside one. */
  private get tokens(): Repository<RefreshToken> {
    return this.tx.manager.getRepository(RefreshToken);
  }

  async issue(userId: string, familyId: string = randomUUID()): Promise<string> {
    const id = randomUUID();
    const token = `${id}.${randomBytes(32).toString('base64url')}`;
    await this.tx.run(() => this.tokens.insert({
      id,
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      usedAt: null,
      revokedAt: null,
      createdAt: new Date(),
    }));
    return token;
  }

  /**
   * Consumes a token; returns it (for its user and family) or throws 401. A reused token
   * revokes its family in a transaction of its own, so the revocation stays.
   */
  async consume(token: string): Promise<RefreshToken> {
    const outcome = await this.tx.run(() => this.tryConsume(token));
    if (outcome.kind === 'reused') {
      await this.tx.run(() => this.revokeFamily(outcome.familyId));
      throw new DomainError('UNAUTHENTICATED', 'Refresh token already used: every session of this login was revoked');
    }
    if (outcome.kind === 'refused') throw new DomainError('UNAUTHENTICATED', outcome.message);
    return outcome.token;
  }

  private async tryConsume(
    token: string,
  ): Promise<{ kind: 'ok'; token: RefreshToken } | { kind: 'reused'; familyId: string } | { kind: 'refused'; message: string }> {
    const stored = await this.find(token);
    if (!stored || stored.web) return { kind: 'refused', message: 'Invalid refresh token' };
    if (stored.revokedAt) return { kind: 'refused', message: 'Refresh token revoked' };
    if (stored.usedAt) return { kind: 'reused', familyId: stored.familyId };
    if (stored.expiresAt.getTime() <= Date.now()) return { kind: 'refused', message: 'Refresh token expired' };
    // Conditional update: of two concurrent uses, only one consumes the token.
    const result = await this.tokens.update({ id: stored.id, usedAt: IsNull() }, { usedAt: new Date() });
    return result.affected ? { kind: 'ok', token: stored } : { kind: 'reused', familyId: stored.familyId };
  }

  async revoke(token: string, userId: string): Promise<void> {
    const stored = await this.find(token);
    if (stored && stored.userId === userId) await this.revokeFamily(stored.familyId);
  }

  /**
   * A web session's token (web/shell): the cookie holds a refresh token that is never rotated,
   * so it is live while its family is neither revoked nor used by a refresh, and not expired.
   */
  async findLive(token: string): Promise<RefreshToken | null> {
    const stored = await this.find(token);
    if (!stored || !stored.web || stored.revokedAt || stored.usedAt || stored.expiresAt.getTime() <= Date.now()) return null;
    return stored;
  }

  /** Makes the family of a token just issued a web session's: from now on only pages accept it. */
  async markWeb(token: string): Promise<void> {
    const stored = await this.find(token);
    if (!stored) throw new Error('markWeb: unknown token');
    await this.tx.run(() => this.tokens.update({ familyId: stored.familyId }, { web: true }));
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tx.run(() => this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() }));
  }

  /** An account's credentials changed under it (users): every session ends, in the same transaction. */
  @OnDomainEvent('user.credentials-changed')
  async onCredentialsChanged({ userId }: UserCredentialsChanged): Promise<void> {
    await this.revokeAllOf(userId);
  }

  /** Ends every session of a user (but `exceptFamilyId`, the one a password change is made from). */
  async revokeAllOf(userId: string, exceptFamilyId?: string): Promise<void> {
    await this.tx.run(() =>
      this.tokens.update(
        { userId, revokedAt: IsNull(), ...(exceptFamilyId ? { familyId: Not(exceptFamilyId) } : {}) },
        { revokedAt: new Date() },
      ),
    );
  }

  /** Housekeeping: tokens expired for a week are of no use to anyone. */
  async purgeExpired(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - 7 * 86_400_000);
    const result = await this.tx.run(() => this.tokens.delete({ expiresAt: LessThan(cutoff) }));
    return result.affected ?? 0;
  }

  private async find(token: string): Promise<RefreshToken | null> {
    const id = token.split('.')[0];
    if (!isServerId(id)) return null;
    const stored = await this.tokens.findOneBy({ id });
    if (!stored) return null;
    const expected = Buffer.from(stored.tokenHash, 'hex');
    const actual = Buffer.from(sha256(token), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? stored : null;
  }
}
