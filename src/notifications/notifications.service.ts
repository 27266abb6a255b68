import { Injectable } from '@nestjs/common';
import { type FindOptionsWhere, IsNull, type Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { type Page, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { RawReader } from '../database/raw-reader.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationTemplates } from './notification-templates.service.js';
import { type NotificationView, toNotificationView } from './notification-view.js';
import { Notification } from './notification.entity.js';

/**
 * How many notifications of :userId are unread, as a scalar subquery: GET /me/progress reads it
 * with the learner's own record, in the same statement (one statement less on the dashboard).
 */
export const UNREAD_COUNT_SQL = 'SELECT COUNT(*) FROM notifications WHERE user_id = :userId AND read_at IS NULL';

/** A user's inbox. Every query is scoped by the caller: someone else's notification is a 404. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly raw: RawReader,
    private readonly templates: NotificationTemplates,
    private readonly clock: Clock,
  ) {}

  private get notifications(): Repository<Notification> {
    return this.tx.manager.getRepository(Notification);
  }

  /** Newest first; `unread=true` keeps the unread ones. */
  async list(userId: string, query: ListNotificationsQuery): Promise<Page<NotificationView>> {
    const where: FindOptionsWhere<Notification> = { userId };
    if (query.unread === true) where.readAt = IsNull();
    const [items, total] = await this.notifications.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(toNotificationView), total, query);
  }

  /** Marks one read (reading it again keeps the first time). */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const notification = await this.notifications.findOneBy({ id, userId });
    if (!notification) throw DomainError.notFound('Notification');
    if (!notification.readAt) {
      await this.tx.run(() => this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: this.clock.now() }));
    }
    return toNotificationView(await this.notifications.findOneByOrFail({ id, userId }));
  }

  /** Marks every unread notification of the user read; returns how many. */
  async markAllRead(userId: string): Promise<{ updated: number }> {
    const result = await this.tx.run(() => this.notifications.update({ userId, readAt: IsNull() }, { readAt: this.clock.now() }));
    return { updated: result.affected ?? 0 };
  }

  async unreadCount(userId: string): Promise<number> {
    // Raw: it is on every GET /me/progress.
    const [row] = await this.raw.rows(`SELECT (${UNREAD_COUNT_SQL}) AS n`, { userId });
    return RawReader.number(row?.n);
  }

  /** Erasure: the messages (they name the person) go with the account. */
  async forget(userId: string): Promise<number> {
    const result = await this.notifications.delete({ userId });
    return result.affected ?? 0;
  }

  /**
   * Erasure: other people's messages about the person (a facilitator's "Parcours à l'arrêt :
   * <name>") lose their title and body; the kind, date and ids stay. They are found by the
   * participant id their data carries (stored as JSON text by simple-json, hence the LIKE).
   */
  async redactAbout(participantId: string): Promise<number> {
    return this.redactWhereData('participantId', participantId);
  }

  /**
   * Erasure: messages that quoted a machine status change's reason (machine_down), when that
   * reason held an erased person's words (a blocking incident they reported).
   */
  async redactAboutStatusChanges(statusChangeIds: string[]): Promise<number> {
    let affected = 0;
    for (const id of statusChangeIds) affected += await this.redactWhereData('statusChangeId', id);
    return affected;
  }

  /** Title and body replaced on every message whose data has `key: value` (ids only: no quote to escape). */
  private async redactWhereData(key: string, value: string): Promise<number> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .update(Notification)
      .set({ title: this.templates.label('erased.title'), body: this.templates.label('erased.body') })
      .where('data LIKE :pattern', { pattern: `%${JSON.stringify({ [key]: value }).slice(1, -1)}%` })
      .execute();
    return result.affected ?? 0;
  }

  /** GDPR export: the person's inbox, oldest first. */
  async exportFor(userId: string): Promise<NotificationView[]> {
    const items = await this.notifications.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return items.map(toNotificationView);
  }
}
