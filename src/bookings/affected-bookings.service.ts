import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/time/clock.js';
import type { MachineDisruption } from '../machines/machine-disruptions.js';
import { MachinesService } from '../machines/machines.service.js';
import { BookingEvents } from './booking-events.js';
import { BookingParticipant } from './booking-participant.entity.js';
import { Booking } from './booking.entity.js';

/**
 * Flags the confirmed bookings a disruption breaks (a blocking incident: from now on, open-ended;
 * a maintenance window: its period). They stay confirmed — staff decide whether to move or
 * cancel them — with `affected` and its reason set, and a `affected` booking event for the
 * notifications. Runs inside the transaction that causes the disruption; a booking already
 * flagged by the same cause is not flagged again.
 */
@Injectable()
export class AffectedBookingsService {
  private readonly logger = new Logger(AffectedBookingsService.name);

  constructor(
    private readonly machines: MachinesService,
    private readonly events: BookingEvents,
    private readonly clock: Clock,
  ) {}

  async flag(disruption: MachineDisruption, manager: EntityManager): Promise<void> {
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
      await this.events.emit(
        { type: 'affected', booking, participantIds, reason: disruption.cause, causeId: disruption.causeId },
        manager,
      );
    }
    if (hit.length > 0) {
      this.logger.log({ machineId: disruption.machineId, cause: disruption.cause, bookings: hit.length }, 'bookings affected');
    }
  }
}
