import { Injectable } from '@nestjs/common';
import type { TimeInterval } from '../common/time/intervals.js';
import type { ObjectLiteral } from 'typeorm';
import { instantOf } from '../database/driver-instants.js';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import { RawWriter } from '../database/raw-writer.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { UNFINISHED_STATUSES } from '../maintenance/work-order-transitions.js';
import type { MaintenanceWindow } from '../maintenance/work-orders.service.js';
import { earliestOverlappingStart, type ConflictingBooking } from './booking-rules.js';

/** What keeps a machine from being booked during an interval. */
export interface MachineHolds {
  /** Confirmed bookings overlapping it, soonest first. */
  bookings: ConflictingBooking[];
  /** Maintenance windows of unfinished work orders overlapping it, soonest first. */
  windows: MaintenanceWindow[];
}

/**
 * The confirmed bookings and maintenance windows of a machine overlapping an interval, in one
 * hand-written statement: booking creation runs it inside its transaction — serialised on
 * SQLite, where every statement there is waited for by every other writer — and availability
 * on every request. The maintenance half reads the work orders' windows with the conditions of
 * WorkOrdersService.activeWindows (unfinished orders, window overlapping): the one place outside
 * the maintenance feature that reads its table, to keep the slot check at one statement.
 * `starts_at` is bounded on both sides (no booking is longer than 8 h), so the
 * (machine_id, starts_at) index serves the bookings half.
 */
@Injectable()
export class MachineHoldsReader {
  constructor(
    private readonly raw: RawReader,
    private readonly writer: RawWriter,
    private readonly tx: TransactionRunner,
  ) {}

  async during(machineId: string, interval: TimeInterval, exceptBookingId?: string): Promise<MachineHolds> {
    const rows = await this.raw.rows<HoldRow>(`${machineHoldsSql(exceptBookingId !== undefined)} ORDER BY starts_at, id`, machineHoldsParameters(machineId, interval, exceptBookingId));
    return this.fromRows(rows);
  }

  /**
   * What holds the machine during a new booking's slot, read in the statement that writes what
   * `write` writes (RawWriter.readThenBatch): on PostgreSQL one round trip for both, the read not
   * seeing the writes. When it finds holds the caller refuses the booking and the writes roll back
   * with its transaction; an overlapping confirmed booking usually fails the statement first (the
   * exclusion constraint, 23P01). Inside a transaction, the machine locked. On PostgreSQL the
   * read is WRITING_HOLDS_SQL: one plan for every booking.
   */
  async duringWhileWriting(machineId: string, interval: TimeInterval, write: () => Promise<void>): Promise<MachineHolds> {
    const sql = this.tx.isSqlite ? `${machineHoldsSql(false)} ORDER BY starts_at, id` : WRITING_HOLDS_SQL;
    const rows = await this.writer.readThenBatch<HoldRow>(sql, machineHoldsParameters(machineId, interval), write);
    return this.fromRows(rows);
  }

  /** The holds of rows of `machineHoldsSql` (others ignored), in the rows' order. */
  fromRows(rows: RawRow[]): MachineHolds {
    const holds: MachineHolds = { bookings: [], windows: [] };
    for (const row of rows) {
      if (row.hold !== 'booking' && row.hold !== 'maintenance') continue;
      // Both halves are instants of the same column type, read as the driver returns them: the
      // instants `hydrate(Booking, row)` gave, without walking the entity's two dozen columns
      // for each row (availability reads a month of holds on every request).
      const startsAt = instantOf(row.starts_at);
      const endsAt = instantOf(row.ends_at);
      if (row.hold === 'booking') holds.bookings.push({ id: row.id as string, startsAt, endsAt });
      else holds.windows.push({ workOrderId: row.id as string, start: startsAt, end: endsAt });
    }
    return holds;
  }
}

type HoldRow = { hold: string; id: string; starts_at: unknown; ends_at: unknown };

/**
 * The statement of MachineHoldsReader.during without its order: columns `hold` ('booking' or
 * 'maintenance'), `id`, `starts_at`, `ends_at`; parameters from `machineHoldsParameters` (and
 * `:exceptBookingId` when `exceptBooking`). Availability reads it with the machine's status and
 * the opening hours, in one statement.
 */
export function machineHoldsSql(exceptBooking: boolean): string {
  return `SELECT 'booking' AS hold, b.id, b.starts_at, b.ends_at FROM bookings b
        WHERE b.machine_id = :machineId AND b.status = 'confirmed'
          AND b.starts_at >= :earliest AND b.starts_at < :end AND b.ends_at > :start
          ${exceptBooking ? 'AND b.id <> :exceptBookingId' : ''}
       UNION ALL
       SELECT 'maintenance' AS hold, w.id, w.window_start AS starts_at, w.window_end AS ends_at FROM work_orders w
        WHERE w.machine_id = :machineId AND w.status IN (:...unfinished)
          AND w.window_start < :end AND w.window_end > :start`;
}

/**
 * PostgreSQL: machineHoldsSql's holds, in order, for the statement that writes a new booking
 * (duringWhileWriting). Its values reach the planner as the results of subqueries, unknown when it
 * plans: a plan that fits every booking, which PostgreSQL keeps for the prepared statement. With
 * the values themselves, every execution was planned again (the custom plan of a slot's instants
 * looked cheaper than a generic one): 0.23–0.37 ms of the server's CPU per booking, against
 * 0.02 ms. The bookings half is the exclusion constraint's own condition (same machine, ranges
 * overlapping), so that plan is a scan of that index for the machine and the slot alone.
 */
export const WRITING_HOLDS_SQL = `SELECT 'booking' AS hold, b.id, b.starts_at, b.ends_at FROM bookings b
        WHERE b.machine_id = (SELECT CAST(:machineId AS varchar)) AND b.status = 'confirmed'
          AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange((SELECT CAST(:start AS timestamptz)), (SELECT CAST(:end AS timestamptz)), '[)')
       UNION ALL
       SELECT 'maintenance' AS hold, w.id, w.window_start AS starts_at, w.window_end AS ends_at FROM work_orders w
        WHERE w.machine_id = (SELECT CAST(:machineId AS varchar)) AND w.status IN (:...unfinished)
          AND w.window_start < (SELECT CAST(:end AS timestamptz)) AND w.window_end > (SELECT CAST(:start AS timestamptz))
       ORDER BY starts_at, id`;

export function machineHoldsParameters(machineId: string, interval: TimeInterval, exceptBookingId?: string): ObjectLiteral {
  return {
    machineId,
    start: interval.start,
    end: interval.end,
    earliest: earliestOverlappingStart(interval),
    exceptBookingId,
    unfinished: [...UNFINISHED_STATUSES],
  };
}
