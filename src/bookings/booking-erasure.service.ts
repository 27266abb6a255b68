import { Injectable, Logger } from '@nestjs/common';
import type { ParticipantErasing } from '../common/events/domain-event-map.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { UsersService } from '../users/users.service.js';
import { BookingParticipant } from './booking-participant.entity.js';
import { Booking } from './booking.entity.js';
import { CalendarToken } from './calendar-token.entity.js';

/**
 * What bookings do when a participant is erased (GDPR), inside the erasure transaction: they
 * leave the future bookings they were to attend (their own open-lab bookings are cancelled,
 * freeing the slots), the free text their account wrote (titles, cancel reasons) is wiped and
 * their calendar feed closed. Past attendance stays: it is pseudonymous and counts for the
 * yearly target. Each change is a booking event (booking.cancelled, booking.moved), so reminders for them are dropped.
 */
@Injectable()
export class BookingErasureService {
  private readonly logger = new Logger(BookingErasureService.name);

  constructor(
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
  ) {}

  @OnDomainEvent('participant.erasing')
  async erase({ participantId }: ParticipantErasing): Promise<void> {
    const manager = this.tx.manager;
    const now = this.clock.now();
    const account = (await this.users.findLearnerAccount(participantId))?.user ?? null;
    const bookings = manager.getRepository(Booking);
    const planned = manager.getRepository(BookingParticipant);
    const future = await bookings
      .createQueryBuilder('b')
      .innerJoin(BookingParticipant, 'bp', 'bp.bookingId = b.id AND bp.participantId = :participantId', { participantId })
      .where("b.status = 'confirmed'")
      .andWhere('b.startsAt > :now', { now })
      .getMany();
    for (const booking of future) {
      const previousIds = (await planned.findBy({ bookingId: booking.id })).map((p) => p.participantId);
      await planned.delete({ bookingId: booking.id, participantId });
      const participantIds = previousIds.filter((id) => id !== participantId);
      if (account && booking.authorId === account.id) {
        booking.status = 'cancelled';
        booking.cancelledAt = now;
        await bookings.save(booking);
        await this.events.emit('booking.cancelled', { booking, participantIds, actorId: null });
      } else {
        const previous = { startsAt: booking.startsAt, endsAt: booking.endsAt, participantIds: previousIds };
        await this.events.emit('booking.moved', { booking, participantIds, previous, actorId: null });
      }
    }
    if (account) {
      await bookings.update({ authorId: account.id }, { title: null, cancelReason: null });
      await manager.getRepository(CalendarToken).delete({ userId: account.id });
    }
    this.logger.log({ participantId, bookingsLeft: future.length }, 'bookings of an erased participant updated');
  }
}
