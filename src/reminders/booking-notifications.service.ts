import { Injectable } from '@nestjs/common';
import type { Booking } from '../bookings/booking.entity.js';
import { BookingsService } from '../bookings/bookings.service.js';
import type { BookingAffected, BookingCancelled, BookingCompleted, BookingCreated, BookingMoved, BookingNoShow } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { bookingReminderJobId } from '../common/queues/queues.constants.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import type { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { type OutboxRecord, OutboxService } from '../notifications/outbox.service.js';
import { ParticipantActivityService } from '../participants/participant-activity.service.js';
import { planReminders } from './reminder-plan.js';

export const BOOKING_SUBJECT = 'booking';

/**
 * Bookings' notifications, recorded in the booking's own transaction (the booking.* domain events):
 * booking_reminder — one entry and one delayed job per booking and REMINDER_LEAD_MINUTES lead
 * (`booking-<id>-lead-<minutes>`), re-planned when the booking moves (its job removed and added
 * again), dropped when it is cancelled, used or missed; booking_moved (one entry per booking,
 * re-planned by each move), booking_cancelled and booking_affected.
 * Recipients are worked out at delivery: the author and the attendees who have an account
 * (minus whoever moved or cancelled it).
 */
@Injectable()
export class BookingNotificationsService {
  constructor(
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly activity: ParticipantActivityService,
    private readonly outbox: OutboxService,
    private readonly templates: NotificationTemplates,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}


  @OnDomainEvent('booking.created')
  private async onCreated({ booking }: BookingCreated): Promise<void> {
    await this.planFirstReminders(booking);
  }

  @OnDomainEvent('booking.moved')
  private async onMoved({ booking, previous, actorId }: BookingMoved): Promise<void> {
    if (previous.startsAt.getTime() !== booking.startsAt.getTime()) await this.planReminders(booking);
    const timesChange = previous.startsAt.getTime() !== booking.startsAt.getTime() || previous.endsAt.getTime() !== booking.endsAt.getTime();
    if (timesChange) await this.announceMove(booking, previous, actorId);
  }

  /**
   * One booking_moved entry per booking (`booking_moved:<id>`), re-planned by each move: moves
   * made before it is delivered are told once, and it keeps the times the people were last told
   * (`from…`: those before the first of them). Delivered already, a new move makes it pending again.
   */
  private async announceMove(booking: Booking, previous: BookingMoved['previous'], actorId: string | null): Promise<void> {
    const dedupeKey = `booking_moved:${booking.id}`;
    await this.tx.run(async () => {
      const waiting = await this.outbox.findPending(dedupeKey);
      await this.outbox.schedule({
        kind: 'booking_moved',
        subjectType: BOOKING_SUBJECT,
        subjectId: booking.id,
        dedupeKey,
        dueAt: new Date(),
        data: {
          bookingId: booking.id,
          machineId: booking.machineId,
          actorId,
          fromStartsAt: waiting ? String(waiting.data.fromStartsAt) : previous.startsAt.toISOString(),
          fromEndsAt: waiting ? String(waiting.data.fromEndsAt) : previous.endsAt.toISOString(),
          startsAt: booking.startsAt.toISOString(),
          endsAt: booking.endsAt.toISOString(),
        },
      });
    });
  }

  @OnDomainEvent('booking.cancelled')
  private async onCancelled({ booking, actorId }: BookingCancelled): Promise<void> {
    await this.dropReminders(booking, 'booking cancelled');
    await this.outbox.record({
      kind: 'booking_cancelled',
      subjectType: BOOKING_SUBJECT,
      subjectId: booking.id,
      dedupeKey: `booking_cancelled:${booking.id}`,
      data: { bookingId: booking.id, machineId: booking.machineId, actorId },
    });
  }

  @OnDomainEvent('booking.affected')
  private async onAffected({ booking, causeId, reason }: BookingAffected): Promise<void> {
    await this.outbox.record({
      kind: 'booking_affected',
      subjectType: BOOKING_SUBJECT,
      subjectId: booking.id,
      dedupeKey: `booking_affected:${booking.id}:${causeId}`,
      data: { bookingId: booking.id, machineId: booking.machineId, causeId, reason },
    });
  }

  @OnDomainEvent('booking.completed', 'booking.no-show')
  private async onEnded({ booking }: BookingCompleted | BookingNoShow): Promise<void> {
    await this.dropReminders(booking, `booking ${booking.status}`);
  }

  /**
   * A new booking's reminders: as planReminders, but nothing of this booking is recorded yet, so
   * the entries are inserted together and nothing superseded needs skipping.
   */
  private async planFirstReminders(booking: Booking): Promise<void> {
    const plan = planReminders(booking.startsAt, this.config.reminderLeadMinutes, this.clock.now());
    await this.outbox.recordNew(plan.send.map(({ leadMinutes, dueAt }) => this.reminderRecord(booking, leadMinutes, dueAt)));
  }

  /** One reminder per lead still ahead; of the leads already past, only the shortest fires, at once. */
  private async planReminders(booking: Booking): Promise<void> {
    const now = this.clock.now();
    const plan = planReminders(booking.startsAt, this.config.reminderLeadMinutes, now);
    await this.tx.run(async () => {
      for (const { leadMinutes, dueAt } of plan.send) {
        await this.outbox.schedule(this.reminderRecord(booking, leadMinutes, dueAt));
      }
      if (plan.superseded.length > 0) {
        await this.outbox.skipPending(
          { dedupeKeys: plan.superseded.map((lead) => this.reminderKey(booking.id, lead)) },
          'superseded by a shorter lead already due',
        );
      }
    });
  }

  private reminderRecord(booking: Booking, leadMinutes: number, dueAt: Date): OutboxRecord {
    return {
      kind: 'booking_reminder',
      subjectType: BOOKING_SUBJECT,
      subjectId: booking.id,
      dedupeKey: this.reminderKey(booking.id, leadMinutes),
      jobId: bookingReminderJobId(booking.id, leadMinutes),
      dueAt,
      data: { bookingId: booking.id, leadMinutes, startsAt: booking.startsAt.toISOString() },
    };
  }

  private async dropReminders(booking: Booking, why: string): Promise<void> {
    await this.outbox.skipPending({ subjectType: BOOKING_SUBJECT, subjectId: booking.id, kinds: ['booking_reminder'] }, why);
  }

  private reminderKey(bookingId: string, leadMinutes: number): string {
    return `booking_reminder:${bookingId}:${leadMinutes}`;
  }

  async resolveReminder(entry: OutboxEntry, now: Date): Promise<Resolution> {
    const booking = await this.bookings.findById(entry.subjectId);
    if (!booking) return { moot: 'booking gone' };
    if (booking.status !== 'confirmed') return { moot: `booking ${booking.status}` };
    if (booking.startsAt.toISOString() !== entry.data.startsAt) return { moot: 'booking moved' };
    if (booking.startsAt.getTime() <= now.getTime()) return { moot: 'booking already started' };
    return { ...(await this.deliveryFor(booking)), vars: { ...(await this.vars(booking)), delay: this.templates.relative(booking.startsAt, now) }, occurrence: booking.startsAt.toISOString() };
  }

  async resolveCancelled(entry: OutboxEntry): Promise<Resolution> {
    const booking = await this.bookings.findById(entry.subjectId);
    if (!booking || booking.status !== 'cancelled') return { moot: 'booking not cancelled' };
    const delivery = await this.deliveryFor(booking);
    return {
      ...delivery,
      recipients: delivery.recipients.filter((id) => id !== entry.data.actorId),
      vars: { ...(await this.vars(booking)), reason: booking.cancelReason || this.templates.label('booking.no_reason') },
    };
  }

  /**
   * The booking's times when delivered, not those of the move that recorded the entry; nothing if
   * it is no longer confirmed (cancelled meanwhile) or back at the times the people were last told.
   * One occurrence per revision of the booking: a later move is told again, a repeated delivery not.
   */
  async resolveMoved(entry: OutboxEntry): Promise<Resolution> {
    const booking = await this.bookings.findById(entry.subjectId);
    if (!booking) return { moot: 'booking gone' };
    if (booking.status !== 'confirmed') return { moot: `booking ${booking.status}` };
    const fromStartsAt = new Date(String(entry.data.fromStartsAt));
    if (booking.startsAt.getTime() === fromStartsAt.getTime() && booking.endsAt.toISOString() === entry.data.fromEndsAt) {
      return { moot: 'booking back at the announced time' };
    }
    const delivery = await this.deliveryFor(booking);
    return {
      ...delivery,
      recipients: delivery.recipients.filter((id) => id !== entry.data.actorId),
      vars: { ...(await this.vars(booking)), previous: this.templates.dateTime(fromStartsAt) },
      occurrence: `revision-${booking.revision}`,
    };
  }

  async resolveAffected(entry: OutboxEntry): Promise<Resolution> {
    const booking = await this.bookings.findById(entry.subjectId);
    if (!booking || booking.status !== 'confirmed') return { moot: 'booking no longer confirmed' };
    if (!booking.affected || booking.affectedCauseId !== entry.data.causeId) return { moot: 'booking moved since' };
    return {
      ...(await this.deliveryFor(booking)),
      vars: { ...(await this.vars(booking)), cause: this.templates.label(`cause.${String(entry.data.reason)}`) },
    };
  }

  /** The author and the attendees with an account; what a client links to. */
  private async deliveryFor(booking: Booking): Promise<{ recipients: string[]; data: Record<string, unknown> }> {
    const participantIds = await this.bookings.participantIdsOf(booking.id);
    const accounts = await Promise.all(participantIds.map((id) => this.activity.learnerAccountId(id)));
    const recipients = [...new Set([booking.authorId, ...accounts.filter((id): id is string => id !== null)])];
    return { recipients, data: { bookingId: booking.id, machineId: booking.machineId, startsAt: booking.startsAt.toISOString() } };
  }

  private async vars(booking: Booking): Promise<Record<string, string>> {
    const machine = (await this.machines.findMany([booking.machineId]))[0];
    return {
      machine: machine?.name ?? '',
      booking: booking.title || this.templates.label(`booking_kind.${booking.kind}`, this.templates.label('booking.untitled')),
      start: this.templates.dateTime(booking.startsAt),
      end: this.templates.time(booking.endsAt),
    };
  }
}
