import { Injectable, Logger } from '@nestjs/common';
import { Between, In, type Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachineMeterService } from '../machines/machine-meter.service.js';
import type { Machine } from '../machines/machine.entity.js';
import { MachinesService } from '../machines/machines.service.js';
import { BookingChecksService } from './booking-checks.service.js';
import { BookingAttendance } from './booking-attendance.entity.js';
import {
  type BookingState,
  checkInViolation,
  checkOutViolation,
  lengthInMinutes,
  machineViolation,
  noShowViolation,
} from './booking-rules.js';
import type { BookingView } from './booking-view.js';
import { BookingVisibilityService } from './booking-visibility.service.js';
import { Booking } from './booking.entity.js';
import { BookingsService } from './bookings.service.js';
import type { CheckOutDto } from './dto/check-out.dto.js';

/** One attendance: participant X was at a booking, checked in at T. */
export interface Attendance {
  participantId: string;
  bookingId: string;
  machineId: string;
  attendedAt: Date;
}

/**
 * What happens when a slot is used: check-in (from 30 minutes before the start until the end),
 * check-out (status `completed`, the used time added to the machine's meter, attendance
 * recorded — it counts as activity for the yearly target) and no-show.
 */
@Injectable()
export class BookingUseService {
  private readonly logger = new Logger(BookingUseService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly visibility: BookingVisibilityService,
    private readonly checks: BookingChecksService,
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly meter: MachineMeterService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** Bookings and attendances through the ambient transaction (or the default connection outside one). */
  private get bookingRows(): Repository<Booking> {
    return this.tx.manager.getRepository(Booking);
  }

  private get attendances(): Repository<BookingAttendance> {
    return this.tx.manager.getRepository(BookingAttendance);
  }

  /** Records the check-in time and, when given, who is there (some of the planned participants). */
  async checkIn(id: string, attendeeIds: string[] | undefined, user: AuthUser): Promise<BookingView> {
    const now = this.clock.now();
    await this.change(id, user, (b) => checkInViolation(b, now), async (booking, machine) => {
      const unavailable = machineViolation(machine.status);
      if (unavailable) throw unavailable;
      if (attendeeIds !== undefined) await this.assertPlanned(booking.id, attendeeIds);
      booking.checkedInAt = now;
      await this.bookingRows.save(booking);
      if (attendeeIds !== undefined) await this.recordAttendance(booking, attendeeIds, user.id);
    });
    return this.bookings.detail(id, user);
  }

  /**
   * Completes a checked-in booking: attendance is the list given here, else the one given at
   * check-in, else every planned participant; the used minutes (default: the booked length)
   * go to the machine's meter.
   */
  async checkOut(id: string, dto: CheckOutDto, user: AuthUser): Promise<BookingView> {
    const now = this.clock.now();
    await this.change(id, user, (b) => checkOutViolation(b, now), async (booking) => {
      const bookedMinutes = lengthInMinutes({ start: booking.startsAt, end: booking.endsAt });
      // The meter is the machine's maintenance clock: a booking cannot add more than it holds.
      if (dto.usedMinutes !== undefined && dto.usedMinutes > bookedMinutes) {
        throw DomainError.validation([{ field: 'usedMinutes', message: `at most the booked length, ${bookedMinutes} minutes` }]);
      }
      if (dto.attendeeIds !== undefined) await this.assertPlanned(booking.id, dto.attendeeIds);
      const recorded = await this.attendances.countBy({ bookingId: booking.id });
      const attendeeIds = dto.attendeeIds ?? (recorded > 0 ? null : await this.bookings.participantIdsOf(booking.id));
      if (attendeeIds) await this.recordAttendance(booking, attendeeIds, user.id);
      const usedMinutes = dto.usedMinutes ?? bookedMinutes;
      booking.status = 'completed';
      booking.checkedOutAt = now;
      booking.usedMinutes = usedMinutes;
      await this.bookingRows.save(booking);
      await this.meter.addUsage(booking.machineId, usedMinutes / 60, 'booking', { actorId: user.id, sourceId: booking.id, at: now });
      const attended = await this.attendances.findBy({ bookingId: booking.id });
      await this.events.emit('booking.completed', { booking, attendeeIds: attended.map((a) => a.participantId).sort(), actorId: user.id });
      this.logger.log({ bookingId: booking.id, usedMinutes }, 'booking checked out');
    });
    return this.bookings.detail(id, user);
  }

  /** Marks a confirmed booking nobody checked in, once started, as `no_show`: its slot is released. */
  async noShow(id: string, user: AuthUser): Promise<BookingView> {
    const now = this.clock.now();
    const staffOnly = (b: Booking) => this.checks.assertMayMarkNoShow(b, user);
    await this.change(id, user, (b) => noShowViolation(b, now), async (booking) => {
      booking.status = 'no_show';
      await this.bookingRows.save(booking);
      const participantIds = await this.bookings.participantIdsOf(booking.id);
      await this.events.emit('booking.no-show', { booking, participantIds, actorId: user.id });
    }, staffOnly);
    return this.bookings.detail(id, user);
  }

  /** Attendances with a check-in time in [from, to): what statistics count as activity. */
  async attendancesBetween(from: Date, to: Date): Promise<Attendance[]> {
    const rows = await this.attendances.find({
      where: { attendedAt: Between(from, to) },
      order: { attendedAt: 'ASC' },
    });
    return rows
      .filter((r) => r.attendedAt.getTime() < to.getTime())
      .map((r) => ({ participantId: r.participantId, bookingId: r.bookingId, machineId: r.machineId, attendedAt: r.attendedAt }));
  }

  /**
   * Checks visibility (404), permission (403, default: author, facilitator, admin) and the rule
   * (422) before, and the rule again inside the transaction, where the booking is re-read once
   * its machine is locked.
   */
  private async change(
    id: string,
    user: AuthUser,
    rule: (booking: BookingState) => DomainError | null,
    apply: (booking: Booking, machine: Machine) => Promise<void>,
    permission: (booking: Booking) => void = (b) => this.checks.assertMayManage(b, user),
  ): Promise<void> {
    const current = await this.visibility.visible(id, user);
    permission(current);
    const refused = rule(current);
    if (refused) throw refused;
    await this.tx.run(async () => {
      const machine = await this.machines.lockForChange(current.machineId);
      const booking = await this.bookingRows.findOneByOrFail({ id });
      const stillRefused = rule(booking);
      if (stillRefused) throw stillRefused;
      await apply(booking, machine);
    });
  }

  /** Attendees are planned participants (400 otherwise): add someone to the booking first (the qualification rule applies). */
  private async assertPlanned(bookingId: string, attendeeIds: string[]): Promise<void> {
    const planned = new Set(await this.bookings.participantIdsOf(bookingId));
    if (attendeeIds.some((a) => !planned.has(a))) {
      throw DomainError.validation([
        { field: 'attendeeIds', message: "attendees must be among the booking's participantIds (add them to the booking first)" },
      ]);
    }
  }

  /** Makes the booking's attendance exactly `attendeeIds`, each at the check-in time. */
  private async recordAttendance(booking: Booking, attendeeIds: string[], actorId: string): Promise<void> {
    const repo = this.attendances;
    const before = (await repo.findBy({ bookingId: booking.id })).map((a) => a.participantId);
    const removed = before.filter((a) => !attendeeIds.includes(a));
    const added = attendeeIds.filter((a) => !before.includes(a));
    if (removed.length > 0) await repo.delete({ bookingId: booking.id, participantId: In(removed) });
    if (added.length > 0) {
      await repo.insert(
        added.map((participantId) =>
          repo.create({
            bookingId: booking.id,
            participantId,
            machineId: booking.machineId,
            bookingStartsAt: booking.startsAt,
            attendedAt: booking.checkedInAt ?? this.clock.now(),
            recordedBy: actorId,
          }),
        ),
      );
    }
    // Whoever was added to or taken off the attendance: the statistics' record of reach follows.
    if (removed.length + added.length > 0) await this.events.emit('participant.activity-changed', { participantIds: [...removed, ...added] });
  }
}
