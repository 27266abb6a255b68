import { Injectable } from '@nestjs/common';
import type { PreferencesView } from './preferences-view.js';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { DEFAULT_EMAIL_PREFERENCES, isNotificationKind, NOTIFICATION_KINDS, type NotificationKind } from './notification-kind.js';
import { NotificationPreference } from './notification-preference.entity.js';

/** Per-kind e-mail choices of a user; what they never chose follows DEFAULT_EMAIL_PREFERENCES. */
@Injectable()
export class NotificationPreferencesService {
  constructor(private readonly tx: TransactionRunner) {}

  private get preferences(): Repository<NotificationPreference> {
    return this.tx.manager.getRepository(NotificationPreference);
  }

  async view(userId: string): Promise<PreferencesView> {
    const row = await this.preferences.findOneBy({ userId });
    return { email: this.merge(row?.email ?? {}) };
  }

  /**
   * Sets the kinds given (`{email: {booking_reminder: false}}`); kinds left out keep their current
   * setting. An unknown kind or a non-boolean value is refused (400), nothing saved.
   */
  async update(userId: string, email: unknown): Promise<PreferencesView> {
    const errors: FieldError[] = [];
    if (typeof email !== 'object' || email === null || Array.isArray(email)) {
      throw DomainError.validation([{ field: 'email', message: 'email must be an object of kind → boolean' }]);
    }
    const changes: Record<string, boolean> = {};
    for (const [kind, value] of Object.entries(email)) {
      if (!isNotificationKind(kind)) errors.push({ field: `email.${kind}`, message: `unknown kind; one of ${NOTIFICATION_KINDS.join(', ')}` });
      else if (typeof value !== 'boolean') errors.push({ field: `email.${kind}`, message: 'must be true or false' });
      else changes[kind] = value;
    }
    if (errors.length > 0) throw DomainError.validation(errors);
    await this.tx.run(async () => {
      const repository = this.tx.manager.getRepository(NotificationPreference);
      const row = await repository.findOneBy({ userId });
      await repository.save(repository.create({ userId, email: { ...(row?.email ?? {}), ...changes } }));
    });
    return this.view(userId);
  }

  async wantsEmail(userId: string, kind: NotificationKind): Promise<boolean> {
    const row = await this.preferences.findOneBy({ userId });
    return row?.email[kind] ?? DEFAULT_EMAIL_PREFERENCES[kind];
  }

  /** Erasure: the person's choices go with their account. */
  async forget(userId: string): Promise<void> {
    await this.preferences.delete({ userId });
  }

  private merge(chosen: Record<string, boolean>): Record<NotificationKind, boolean> {
    const result = { ...DEFAULT_EMAIL_PREFERENCES };
    for (const kind of NOTIFICATION_KINDS) if (typeof chosen[kind] === 'boolean') result[kind] = chosen[kind];
    return result;
  }
}
