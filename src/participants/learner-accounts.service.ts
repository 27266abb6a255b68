import { Injectable } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { LoginThrottle } from '../auth/login-throttle.service.js';
import type { TokenPair } from '../auth/token-pair.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { hashPassword } from '../common/auth/passwords.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { hashActivationCode, newActivationCode } from './activation-code.js';
import type { IssuedActivation } from './issued-activation-view.js';
import type { ActivateAccountDto } from './dto/activate-account.dto.js';
import { LearnerActivation } from './learner-activation.entity.js';
import { ParticipantAccess } from './participant-access.service.js';

export const ACTIVATION_VALID_DAYS = 14;

/** A code that is wrong, expired or already used: the same answer for each (no oracle). */
const unknownCode = () => new DomainError('INVALID_CREDENTIALS', 'Unknown or expired activation code');

/**
 * Learner accounts. Staff create the account of a participant and get a one-time activation
 * code (only its hash is kept, 14 days); the young person chooses a username and password with
 * it. Issuing a code again replaces the previous one — and, for an activated account, lets the
 * learner choose new credentials (a password reset done by the fablab).
 */
@Injectable()
export class LearnerAccountsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: ParticipantAccess,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  async issue(participantId: string, actor: AuthUser): Promise<Omit<IssuedActivation, 'activationUrl'>> {
    const activationCode = newActivationCode();
    const expiresAt = new Date(this.clock.now().getTime() + ACTIVATION_VALID_DAYS * 86_400_000);
    const userId = await this.tx.run(async () => {
      const participant = await this.access.visible(participantId, actor);
      const existing = await this.users.findLearnerAccount(participantId);
      if (existing?.activated && !existing.user.active) {
        throw new DomainError('CONFLICT', 'This learner account was closed by an administrator', { userId: existing.user.id });
      }
      const user =
        existing?.user ??
        (await this.users.createLearnerAccount(participantId, `${participant.firstName} ${participant.lastName}`));
      const activations = this.tx.manager.getRepository(LearnerActivation);
      await activations.delete({ userId: user.id });
      await activations.insert(activations.create({ userId: user.id, codeHash: hashActivationCode(activationCode), expiresAt }));
      return user.id;
    });
    return { userId, code: activationCode, activationCode, expiresAt: expiresAt.toISOString() };
  }

  /**
   * POST /auth/activate: consumes the code, sets the credentials, logs the learner in. Every
   * attempt is counted against the caller's IP before the code is looked up (apart from logins);
   * a right code is given back, so a whole group can activate from the fablab's network at once.
   */
  async activate(dto: ActivateAccountDto, ip: string): Promise<TokenPair> {
    await this.throttle.reserveActivation(ip);
    let user: User;
    try {
      // The code is checked before the password is hashed (a wrong code costs no hash), and again
      // in the transaction that consumes it; the hash is computed outside it (TransactionRunner).
      if (!(await this.activationOf(dto.code))) throw unknownCode();
      const passwordHash = await hashPassword(dto.password);
      user = await this.tx.run(async () => {
        const activations = this.tx.manager.getRepository(LearnerActivation);
        const activation = await this.activationOf(dto.code);
        if (!activation) throw unknownCode();
        // Conditional delete: of two concurrent uses of one code, one wins.
        const consumed = await activations.delete({ id: activation.id });
        if (!consumed.affected) throw unknownCode();
        return this.users.activateLearner(activation.userId, dto.username, passwordHash);
      });
    } catch (error) {
      // Only a wrong code stays counted: a taken username or bad input is no guess.
      if (!(error instanceof DomainError && error.code === 'INVALID_CREDENTIALS')) await this.throttle.activationSucceeded(ip);
      throw error;
    }
    await this.throttle.activationSucceeded(ip);
    await this.users.recordLogin(user.id);
    return this.auth.issue(user);
  }

  /** The unexpired activation of this code (in the ambient transaction, if any), or null. */
  private activationOf(code: string): Promise<LearnerActivation | null> {
    return this.tx.manager.getRepository(LearnerActivation).findOneBy({ codeHash: hashActivationCode(code), expiresAt: MoreThan(this.clock.now()) });
  }
}
