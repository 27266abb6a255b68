import { Injectable } from '@nestjs/common';
import { Between, type EntityManager, In, Not } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import type { TimeInterval } from '../common/time/intervals.js';
import { overlaps } from '../common/time/intervals.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Machine } from '../machines/machine.entity.js';
import { MachinesService } from '../machines/machines.service.js';
import { OpeningHoursService } from '../settings/opening-hours.service.js';
import { BookingAttendees } from './booking-attendees.js';
import type { BookingKind } from './booking-kind.js';
import {
  conflictViolation,
  earliestOverlappingStart,
  machineViolation,
  maintenanceViolation,
  openingHoursViolation,
  qualificationViolation,
  requiresQualificationCheck,
  slotShapeErrors,
  timingViolation,
} from './booking-rules.js';
import { Booking } from './booking.entity.js';
import { MachineHoldsReader } from './machine-holds.js';

/** A slot someone wants: a new booking, an occurrence of a series, or a move. */
export interface SlotCandidate {
  machineId: string;
  kind: BookingKind;
  slot: TimeInterval;
  participantIds: string[];
  /** The booking being moved: it is not in its own way. */
  bookingId?: string;
}

/**
 * Checks a slot against every rule of the contract, in this order: shape (400), past, 90 days,
 * opening hours and closures (422), then — inside the booking's transaction, with the machine
 * row locked — machine status (422), qualifications (422), maintenance windows (409) and
 * overlapping confirmed bookings (409).
 *
 * The first group reads only settings, through the default connection, so it runs before the
 * transaction (on PostgreSQL a transaction waiting for the machine lock must not need a second
 * pooled connection). The second group reads through the transaction's manager.
 */
@Injectable()
export class SlotRulesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly machines: MachinesService,
    private readonly holds: MachineHoldsReader,
    private readonly openingHours: OpeningHoursService,
    private readonly attendees: BookingAttendees,
    private readonly config: AppConfig,
  ) {}

  /** 400 VALIDATION_FAILED: end after start, 15-minute grid, 15 min to 8 h. */
  assertShape(slot: TimeInterval, fields?: { start: string; end: string }): void {
    const errors = slotShapeErrors(slot, this.config.timezone, fields);
    if (errors.length > 0) throw DomainError.validation(errors);
  }

  /** Past, 90 days ahead, opening hours and closures: before the transaction. */
  async assertOpen(slot: TimeInterval, now: Date): Promise<void> {
    const timing = timingViolation(slot.start, now, this.config.timezone);
    if (timing) throw timing;
    const hours = openingHoursViolation(await this.openingHours.isWithinOpeningHours(slot.start, slot.end), slot);
    if (hours) throw hours;
  }

  /**
   * Machine status, qualifications, maintenance windows and conflicts, inside the caller's
   * transaction. Locks the machine row first (PostgreSQL): bookings, incidents and work orders
   * of one machine then run one after the other, so each sees what the previous one committed.
   * An unknown machine is a 400 naming `machineId` (looked up here rather than before the
   * transaction: one statement less on the hot path).
   */
  async assertFree(candidate: SlotCandidate): Promise<Machine> {
    const machine = await this.machines.findForChange(candidate.machineId);
    if (!machine) throw DomainError.validation([{ field: 'machineId', message: 'no machine has this id' }]);
    const unavailable = machineViolation(machine.status);
    if (unavailable) throw unavailable;
    if (requiresQualificationCheck(candidate.kind, machine.requiresQualification)) {
      const unqualified = await this.attendees.unqualified(candidate.participantIds, machine.category, candidate.slot.start);
      const notQualified = qualificationViolation(unqualified, machine.category);
      if (notQualified) throw notQualified;
    }
    const holds = await this.holds.during(candidate.machineId, candidate.slot, candidate.bookingId);
    const maintenance = maintenanceViolation(holds.windows);
    if (maintenance) throw maintenance;
    const conflict = conflictViolation(holds.bookings);
    if (conflict) throw conflict;
    return machine;
  }

  /**
   * Confirmed bookings of the machine overlapping the slot, read through `manager` (the
   * surrounding transaction's by default): after the exclusion constraint refused a write, on a
   * connection of its own. `starts_at` is bounded on both sides (no booking is longer than 8 h),
   * so the (machine_id, starts_at) index serves the query.
   */
  async conflicts(machineId: string, slot: TimeInterval, exceptBookingId?: string, manager?: EntityManager): Promise<Booking[]> {
    const candidates = await (manager ?? this.tx.manager).getRepository(Booking).find({
      where: {
        machineId,
        status: In(['confirmed']),
        startsAt: Between(earliestOverlappingStart(slot), slot.end),
        ...(exceptBookingId ? { id: Not(exceptBookingId) } : {}),
      },
      order: { startsAt: 'ASC' },
    });
    return candidates.filter((b) => overlaps({ start: b.startsAt, end: b.endsAt }, slot));
  }
}
