import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import { Clock } from '../common/time/clock.service.js';
import { isoText, parseInstant } from '../common/time/instants.js';
import { clip, subtract, type TimeInterval } from '../common/time/intervals.js';
import { ZoneOffsets } from '../common/time/zone-offsets.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader } from '../database/raw-reader.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { MachineStatus } from '../machines/machine-status.js';
import { MachinesService } from '../machines/machines.service.js';
import { OPENING_HOURS_KEY, OpeningHoursService } from '../settings/opening-hours.service.js';
import type { AvailabilityView, SlotView } from './availability-view.js';
import { BOOKED_STATUSES } from './booking-status.js';
import { earliestOverlappingStart } from './booking-rules.js';
import type { AvailabilityQuery } from './dto/availability.query.js';
import { MachineHoldsReader, machineHoldsParameters, machineHoldsSql } from './machine-holds.service.js';
import { instantOf } from '../database/driver-instants.js';

export const MAX_AVAILABILITY_DAYS = 31;
export const DEFAULT_AVAILABILITY_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * What holds the machine (machineHoldsSql), the machine itself (`value`: its status) and the
 * opening hours (`value`: their stored document; no row when never edited), told apart by
 * `hold`; the holds soonest first (the two other rows, without instants, sort first or last
 * depending on the database). PostgreSQL gives the holds' instants as epoch milliseconds (float8,
 * a number to the driver, exact to the millisecond the instants are kept to): parsing its
 * timestamptz text was a tenth of the route's own CPU over a month (node-postgres' postgres-date,
 * two per booking).
 */
const availabilitySql = (postgres: boolean) => {
  const instant = (column: string) => (postgres ? `CAST(EXTRACT(EPOCH FROM ${column}) * 1000 AS float8)` : column);
  return `SELECT h.hold, h.id, ${instant('h.starts_at')} AS starts_at, ${instant('h.ends_at')} AS ends_at, NULL AS value FROM (${machineHoldsSql(false)}) h
  UNION ALL SELECT 'machine', m.id, NULL, NULL, m.status FROM machines m WHERE m.id = :machineId
  UNION ALL SELECT 'opening-hours', s.key, NULL, NULL, s.value FROM settings s WHERE s.key = :openingHoursKey
  ORDER BY starts_at, id`;
};

const toSlot = (i: TimeInterval): SlotView => ({ startsAt: isoText(i.start), endsAt: isoText(i.end) });

/** When a machine can be booked: opening hours (built in APP_TIMEZONE, DST-safe) minus what holds it. */
@Injectable()
export class AvailabilityService {
  /** The statement of `forMachine` for this database (availabilitySql). */
  private readonly sql: string;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly raw: RawReader,
    private readonly machines: MachinesService,
    private readonly holds: MachineHoldsReader,
    private readonly openingHours: OpeningHoursService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.sql = availabilitySql(config.database.type === 'postgres');
  }

  async forMachine(machineId: string, query: AvailabilityQuery): Promise<AvailabilityView> {
    const now = this.clock.now();
    let range: { from: Date; to: Date };
    try {
      range = this.readRange(query, now);
    } catch (error) {
      // An unknown machine is still a 404 before a bad range is a 400.
      await this.machines.statusOf(machineId);
      throw error;
    }
    const { from, to } = range;
    // The machine's status, the opening hours and the holds in one statement: one round trip
    // instead of three, each a socket write and a database backend woken. At most 31 days of one
    // machine, by index: read at once on SQLite's shared connection (RawReadOptions.small).
    const rows = await this.raw.rows<{ hold: string; value: string | null }>(
      this.sql,
      { ...machineHoldsParameters(machineId, { start: from, end: to }), openingHoursKey: OPENING_HOURS_KEY },
      { small: true },
    );
    const machine = rows.find((row) => row.hold === 'machine');
    if (!machine) throw DomainError.notFound('Machine');
    const status = machine.value as MachineStatus;
    const hoursRow = rows.find((row) => row.hold === 'opening-hours');
    const open = this.openingHours.openIntervalsOf(this.openingHours.fromStored(hoursRow && { value: hoursRow.value }), from, to);
    const holds = this.holds.fromRows(rows);
    const booked = holds.bookings.map((b) => ({ start: b.startsAt, end: b.endsAt }));
    const maintenance = holds.windows.map((w) => ({ start: w.start, end: w.end }));
    const available = status === 'available';
    const bookableFrom = new Date(Math.max(from.getTime(), now.getTime()));
    const free = available && bookableFrom < to ? clip(subtract(open, [...booked, ...maintenance]), bookableFrom, to) : [];
    return {
      machineId,
      status,
      available,
      timezone: this.config.timezone,
      from: isoText(from),
      to: isoText(to),
      free: free.map(toSlot),
      maintenance: clip(maintenance, from, to).map(toSlot),
    };
  }

  /**
   * The intervals of the machine's bookings in these statuses overlapping [from, to), clipped
   * to it. Machine metrics (machine-overview) read confirmed + completed ones.
   */
  async bookedIntervals(machineId: string, from: Date, to: Date, statuses: readonly string[] = BOOKED_STATUSES): Promise<TimeInterval[]> {
    // Raw rows: the machine metrics of a year read ~1,000 bookings per machine, and hydrating
    // them as entities cost more than the interval arithmetic (the period report reads them all).
    const rows = await this.raw.rows<{ starts_at: unknown; ends_at: unknown }>(
      `SELECT starts_at, ends_at FROM bookings
        WHERE machine_id = :machineId AND status IN (:...statuses) AND starts_at >= :earliest AND starts_at <= :to`,
      { machineId, statuses: [...statuses], earliest: earliestOverlappingStart({ start: from, end: to }), to },
    );
    return clip(
      rows.map((b) => ({ start: instantOf(b.starts_at), end: instantOf(b.ends_at) })),
      from,
      to,
    );
  }

  private readRange(query: AvailabilityQuery, now: Date): { from: Date; to: Date } {
    const errors: FieldError[] = [];
    const from = query.from ? parseInstant(query.from, this.config.timezone) : now;
    if (!from) errors.push({ field: 'from', message: 'from must be an ISO 8601 date or date-time' });
    const to = query.to
      ? parseInstant(query.to, this.config.timezone)
      : from && new Date(from.getTime() + DEFAULT_AVAILABILITY_DAYS * DAY_MS);
    if (!to) errors.push({ field: 'to', message: 'to must be an ISO 8601 date or date-time' });
    if (from && to && to.getTime() <= from.getTime()) errors.push({ field: 'to', message: 'to must be after from' });
    // Calendar days in local time: 31 days across a daylight-saving change are 31 days.
    const latest = from && ZoneOffsets.of(this.config.timezone).plusDays(from.getTime(), MAX_AVAILABILITY_DAYS);
    if (latest !== null && to && to.getTime() > latest) {
      errors.push({ field: 'to', message: `the range must not exceed ${MAX_AVAILABILITY_DAYS} days` });
    }
    if (errors.length > 0 || !from || !to) throw DomainError.validation(errors);
    return { from, to };
  }
}
