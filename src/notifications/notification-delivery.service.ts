import { Inject, Injectable, Logger } from '@nestjs/common';
import { In, LessThan, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { MailerService } from './mailer.service.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import {
  CONTACT_ADDRESSES,
  type ContactAddresses,
  isMoot,
  NOTIFICATION_RESOLVERS,
  type NotificationResolverMap,
} from './notification-resolvers.js';
import { NotificationTemplates } from './notification-templates.service.js';
import { Notification } from './notification.entity.js';
import { OutboxEntry } from './outbox-entry.entity.js';

export type DeliveryOutcome =
  | { status: 'sent'; notifications: number; emails: number }
  | { status: 'skipped'; reason: string }
  /** Not due yet (its job ran early, e.g. the booking moved later): run again at `dueAt`. */
  | { status: 'early'; dueAt: Date };

/**
 * What went wrong with an e-mail, without the server's text: it may quote the address, and this
 * ends up in logs and in the job's failure reason.
 */
const smtpFailure = (error: unknown): string => {
  const e = error as { responseCode?: number; code?: string };
  return e.responseCode ? `SMTP ${e.responseCode}` : `SMTP ${e.code ?? 'error'}`;
};

/** A claimed e-mail not confirmed within this time is considered lost and may be sent again. */
const EMAIL_CLAIM_TIMEOUT_MS = 10 * 60_000;
/** Jobs may fire a little early (clock skew between hosts). */
const EARLY_TOLERANCE_MS = 1_000;

/**
 * Delivers one outbox entry, idempotently: re-reads the entry (already delivered or skipped →
 * nothing), asks the kind's resolver whether it still matters and for whom, inserts one
 * notification per recipient under a UNIQUE dedupe key (a second run inserts nothing), then
 * e-mails each new notification whose recipient wants e-mail for that kind — each e-mail claimed
 * by a conditional update first, so two concurrent runs send it once.
 *
 * Real time throughout (`new Date()`, not the Clock): the worker runs when Redis's delay ends,
 * measured on the real clock (OutboxDispatcher), and its stamps (processedAt, e-mail claims) say
 * when the worker did something.
 *
 * Provided by the module above the features (RemindersModule), which gives it the resolver of
 * each kind and the contact addresses; this file imports no feature.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);

  constructor(
    private readonly tx: TransactionRunner,
    @Inject(NOTIFICATION_RESOLVERS) private readonly resolvers: NotificationResolverMap,
    private readonly users: UsersService,
    private readonly preferences: NotificationPreferencesService,
    private readonly templates: NotificationTemplates,
    private readonly mailer: MailerService,
    @Inject(CONTACT_ADDRESSES) private readonly contactAddresses: ContactAddresses,
  ) {}

  private get entries(): Repository<OutboxEntry> {
    return this.tx.manager.getRepository(OutboxEntry);
  }

  private get notifications(): Repository<Notification> {
    return this.tx.manager.getRepository(Notification);
  }

  async deliver(outboxId: string, now = new Date()): Promise<DeliveryOutcome> {
    const entry = await this.entries.findOneBy({ id: outboxId });
    if (!entry) return { status: 'skipped', reason: 'unknown entry' };
    if (entry.status !== 'pending') return { status: 'skipped', reason: `already ${entry.status}` };
    if (entry.dueAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) return { status: 'early', dueAt: entry.dueAt };
    await this.tx.run(() => this.entries.increment({ id: entry.id }, 'attempts', 1));

    const resolution = await this.resolvers[entry.kind](entry, now);
    if (isMoot(resolution)) {
      await this.finish(entry, 'skipped', resolution.moot);
      return { status: 'skipped', reason: resolution.moot };
    }

    const wanted = entry.recipientId ? [entry.recipientId] : resolution.recipients;
    const recipients = await this.users.findActiveMany(wanted);
    if (recipients.length === 0) {
      await this.finish(entry, 'skipped', 'no recipient');
      return { status: 'skipped', reason: 'no recipient' };
    }

    const addresses = this.mailer.enabled ? await this.addressesOf(recipients) : new Map<string, string>();
    const keys: string[] = [];
    const inbox: Notification[] = [];
    for (const user of recipients) {
      const dedupeKey = `${entry.dedupeKey}|${resolution.occurrence ?? ''}|${user.id}`;
      keys.push(dedupeKey);
      const vars = { ...resolution.vars, ...(resolution.varsFor?.(user.id) ?? {}), name: user.displayName };
      const message = this.templates.render(entry.kind, vars);
      const emailWanted = addresses.has(user.id) && (await this.preferences.wantsEmail(user.id, entry.kind));
      const notification = this.notifications.create({
        userId: user.id,
        kind: entry.kind,
        title: message.title,
        body: message.body,
        data: { ...resolution.data, kind: entry.kind },
        dedupeKey,
        outboxId: entry.id,
        emailStatus: emailWanted ? 'pending' : 'none',
        emailClaimedAt: null,
        emailedAt: null,
        readAt: null,
      });
      inbox.push(notification);
    }
    // Each write below is a transaction of its own, never one around the SMTP exchange: on SQLite a
    // transaction holds the one shared connection for the whole process.
    await this.tx.run(async () => {
      for (const notification of inbox) {
        await this.tx.manager.createQueryBuilder().insert().into(Notification).values(notification as QueryDeepPartialEntity<Notification>).orIgnore().execute();
      }
    });

    const emails = await this.sendEmails(keys, addresses, now);
    await this.finish(entry, 'sent', null);
    this.logger.log({ outboxId: entry.id, kind: entry.kind, recipients: recipients.length, emails }, 'notification delivered');
    return { status: 'sent', notifications: recipients.length, emails };
  }

  /** The address of each user: their own, else their contact address. */
  private async addressesOf(users: User[]): Promise<Map<string, string>> {
    const addresses = new Map<string, string>();
    for (const user of users) if (user.email) addresses.set(user.id, user.email);
    const missing = users.filter((u) => !u.email);
    if (missing.length > 0) for (const [id, address] of await this.contactAddresses(missing)) if (!addresses.has(id)) addresses.set(id, address);
    return addresses;
  }

  /** The job gave up after its last attempt: the entry and its unsent e-mails are marked failed. */
  async markFailed(outboxId: string, reason: string): Promise<void> {
    await this.tx.run(async () => {
      await this.entries.update(
        { id: outboxId, status: 'pending' },
        { status: 'failed', outcome: reason.slice(0, 200), processedAt: new Date() },
      );
      await this.notifications.update({ outboxId, emailStatus: In(['pending', 'sending']) }, { emailStatus: 'failed' });
    });
  }

  /** Sends the pending e-mails among these notifications; throws after trying them all if one failed. */
  private async sendEmails(keys: string[], addresses: Map<string, string>, now: Date): Promise<number> {
    const toSend = await this.notifications.find({ where: { dedupeKey: In(keys), emailStatus: In(['pending', 'sending']) } });
    let sent = 0;
    let failure: string | null = null;
    for (const notification of toSend) {
      const address = addresses.get(notification.userId);
      if (!address) continue;
      if (!(await this.claim(notification, now))) continue;
      try {
        await this.mailer.send({ to: address, subject: notification.title, text: notification.body });
        await this.tx.run(() => this.notifications.update({ id: notification.id }, { emailStatus: 'sent', emailedAt: new Date() }));
        sent++;
      } catch (error) {
        await this.tx.run(() =>
          this.notifications.update({ id: notification.id, emailStatus: 'sending' }, { emailStatus: 'pending', emailClaimedAt: null }),
        );
        failure = smtpFailure(error);
        this.logger.warn({ notificationId: notification.id, err: failure }, 'e-mail not sent, will retry');
      }
    }
    if (failure) throw new Error(`e-mail delivery failed: ${failure}`);
    return sent;
  }

  /** Takes the e-mail for sending (a conditional update: one of two concurrent runs wins). */
  private async claim(notification: Notification, now: Date): Promise<boolean> {
    const stale = new Date(now.getTime() - EMAIL_CLAIM_TIMEOUT_MS);
    const criteria =
      notification.emailStatus === 'pending'
        ? { id: notification.id, emailStatus: 'pending' as const }
        : { id: notification.id, emailStatus: 'sending' as const, emailClaimedAt: LessThan(stale) };
    const result = await this.tx.run(() => this.notifications.update(criteria, { emailStatus: 'sending', emailClaimedAt: new Date() }));
    return (result.affected ?? 0) > 0;
  }

  /** Conditional on the entry still being the one delivered: a re-planned entry stays pending. */
  private async finish(entry: OutboxEntry, status: 'sent' | 'skipped', outcome: string | null): Promise<void> {
    await this.tx.run(() => this.entries.update({ id: entry.id, status: 'pending', dueAt: entry.dueAt }, { status, outcome, processedAt: new Date() }));
  }
}
