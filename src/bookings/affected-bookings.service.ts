import { Injectable, Logger } from '@nestjs/common';
import type { MachineDisruption } from '../common/events/domain-event-map.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import { BookingParticipant } from './booking-participant.entity.js';
import { Booking } from './booking.entity.js';

/**
 * Flags the confirmed bookings a disruption breaks (a blocking incident: from now on, open-ended;
 * a maintenance window: its period). They stay confirmed — staff decide whether to move or
 * cancel them — with `affected` and its reason set, and a `affected` booking event for the
 * notifications. Runs inside the transaction that causes the disruption (machine.disrupted); a booking already
 * flagged by the same cause is not flagged again.
 */
@Injectable()
export class AffectedBookingsService {
  private readonly logger = new Logger(AffectedBookingsService.name);

  constructor(
    private readonly machines: MachinesService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
  ) {}

  @OnDomainEvent('machine.disrupted')
  async flag(disruption: MachineDisruption): Promise<void> {
    const manager = this.tx.manager;
    // Bookings of this machine being written now wait, then are seen (or see the disruption).
    await this.machines.lockForChange(disruption.machineId);
    const from = new Date(Math.max(disruption.from.getTime(), this.clock.now().getTime()));
    const qb = manager
      .getRepository(Booking)
      .createQueryBuilder('b')
      .where('b.machineId = :machineId', { machineId: disruption.machineId })
      .andWhere("b.status = 'confirmed'")
      .andWhere('b.endsAt > :from', { from })
      .andWhere('(b.affectedCauseId IS NULL OR b.affectedCauseId <> :causeId)', { causeId: disruption.causeId });
    if (disruption.to) qb.andWhere('b.startsAt < :to', { to: disruption.to });
    const hit = await qb.orderBy('b.startsAt', 'ASC').getMany();
    for (const booking of hit) {
      booking.affected = true;
      booking.affectedReason = disruption.cause;
      booking.affectedCauseId = disruption.causeId;
      await manager.getRepository(Booking).save(booking);
      const participantIds = (await manager.getRepository(BookingParticipant).findBy({ bookingId: booking.id })).map((p) => p.participantId);
      await this.events.emit('booking.affected', { booking, participantIds, reason: disruption.cause, causeId: disruption.causeId });
    }
    if (hit.length > 0) {
      this.logger.log({ machineId: disruption.machineId, cause: disruption.cause, bookings: hit.length }, 'bookings affected');
    }
  }
}
