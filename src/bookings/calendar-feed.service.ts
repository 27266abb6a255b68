import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { Brackets } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import { UsersService } from '../users/users.service.js';
import type { AffectedReason } from './booking-affected-reason.js';
import type { BookingKind } from './booking-kind.js';
import type { BookingStatus } from './booking-status.js';
import { Booking } from './booking.entity.js';
import { CalendarToken } from './calendar-token.entity.js';

/** How far back the feed goes: enough for "what did we do last term", small enough to stay light. */
export const FEED_PAST_DAYS = 180;
export const FEED_MAX_EVENTS = 2000;

const KIND_LABEL: Record<BookingKind, string> = { training: 'Formation', session: 'Séance', open_lab: 'Open lab' };
const AFFECTED_LABEL: Record<AffectedReason, string> = {
  incident: 'Attention : un incident bloquant touche cette réservation.',
  maintenance_window: 'Attention : une maintenance est prévue pendant cette réservation.',
};
const STATUS_LABEL: Partial<Record<BookingStatus, string>> = {
  cancelled: 'Réservation annulée.',
  completed: 'Réservation terminée.',
  no_show: 'Personne ne s’est présenté.',
};

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A personal iCalendar feed of one's bookings (made or attended), behind a secret token that
 * only its SHA-256 stands for in the database. Issuing a new token revokes the previous one.
 * Events carry the machine, the kind, the booking's title and status — never other people's
 * names; cancelled bookings stay as STATUS:CANCELLED so subscribed calendars drop them.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersService,
    private readonly machines: MachinesService,
    private readonly clock: Clock,
  ) {}

  /** A new token for the user (the previous one stops working); shown once. */
  async issue(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tx.run(async () => {
      const repo = this.tx.manager.getRepository(CalendarToken);
      await repo.delete({ userId });
      await repo.insert(repo.create({ userId, tokenHash: hashOf(token) }));
    });
    return token;
  }

  async revoke(userId: string): Promise<void> {
    await this.tx.run(() => this.tx.manager.getRepository(CalendarToken).delete({ userId }));
  }

  /** The feed for a token; an unknown or revoked token, or a deactivated account → 404. */
  async feed(token: string): Promise<string> {
    const row = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await this.tx.manager.getRepository(CalendarToken).findOneBy({ tokenHash: hashOf(token) })
      : null;
    const user = row ? await this.users.findActive(row.userId) : null;
    if (!user) throw DomainError.notFound('Calendar');

    const since = DateTime.fromJSDate(this.clock.now()).minus({ days: FEED_PAST_DAYS }).toJSDate();
    const qb = this.tx.manager
      .getRepository(Booking)
      .createQueryBuilder('b')
      .where('b.endsAt > :since', { since })
      .andWhere(
        new Brackets((w) => {
          w.where('b.authorId = :userId', { userId: user.id });
          if (user.participantId) {
            w.orWhere(
              'EXISTS (SELECT 1 FROM booking_participants bp WHERE bp.booking_id = b.id AND bp.participant_id = :participantId)',
              { participantId: user.participantId },
            );
          }
        }),
      );
    const bookings = await qb.orderBy('b.startsAt', 'ASC').take(FEED_MAX_EVENTS).getMany();
    const machines = new Map((await this.machines.findMany(bookings.map((b) => b.machineId))).map((m) => [m.id, m]));

    const calendar = ical({
      name: 'Fablab — mes réservations',
      prodId: { company: 'Dynamo Fablab', product: 'bookings', language: 'FR' },
      ttl: 60 * 60,
    });
    for (const booking of bookings) {
      const machine = machines.get(booking.machineId);
      const notes = [
        booking.title,
        STATUS_LABEL[booking.status],
        booking.status === 'confirmed' && booking.affected && booking.affectedReason ? AFFECTED_LABEL[booking.affectedReason] : null,
      ].filter(Boolean);
      calendar.createEvent({
        id: `${booking.id}@dynamo-fablab`,
        start: booking.startsAt,
        end: booking.endsAt,
        summary: `${machine?.name ?? 'Machine'} — ${KIND_LABEL[booking.kind]}`,
        description: notes.length > 0 ? notes.join('\n') : null,
        location: machine?.location ?? null,
        status: booking.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        created: booking.createdAt,
        lastModified: booking.updatedAt,
        stamp: booking.updatedAt,
        // Counts the changes (0 as created), so calendar clients take the newer version.
        sequence: Math.max(0, booking.revision - 1),
      });
    }
    return calendar.toString();
  }
}
