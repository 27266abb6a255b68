import { Injectable } from '@nestjs/common';
import { BOOKED_STATUSES } from '../bookings/booking-status.js';
import { earliestOverlappingStart } from '../bookings/booking-rules.js';
import type { TimeInterval } from '../common/time/intervals.js';
import { instantOf } from '../database/driver-instants.js';
import { RawReader } from '../database/raw-reader.service.js';
import { computeMachineMetrics, repairsEndedIn, type StatusPoint } from '../machines/machine-metrics.js';
import type { MachineStatus } from '../machines/machine-status.js';
import { AppConfig } from '../config/app-config.js';
import { OpeningHoursService } from '../settings/opening-hours.service.js';
import type { MachinesReport } from './period-report.js';
import { percent, roundTo } from './report-arithmetic.js';

type Range = { from: Date; to: Date };

/**
 * The machines part of the period report: every machine's metrics (machine-metrics.ts, the same
 * formulas as GET /machines/:id/metrics) over each period asked, and all machines together. The
 * report reads every machine at once — one statement for the status histories, and per period
 * one for the booked time and one for the meter — where asking each machine in turn cost three
 * statements a machine and a period. Bookings and readings are found through their
 * (machine, time) index, driven by the list of machines: neither table has an index on time alone.
 */
@Injectable()
export class MachinesReportService {
  constructor(
    private readonly raw: RawReader,
    private readonly openingHours: OpeningHoursService,
    private readonly config: AppConfig,
  ) {}

  /** One report per period, in the same order; each period stops at `now` (the future cannot be measured). */
  async forPeriods(periods: readonly Range[], now: Date): Promise<MachinesReport[]> {
    const [machines, histories] = await Promise.all([this.machines(), this.statusHistories()]);
    return Promise.all(periods.map((period) => this.forPeriod(machines, histories, period, now)));
  }

  private async forPeriod(machines: MachineRow[], histories: Map<string, StatusPoint[]>, period: Range, now: Date): Promise<MachinesReport> {
    const { from } = period;
    const to = new Date(Math.max(from.getTime(), Math.min(period.to.getTime(), now.getTime())));
    const historyOf = (id: string) => histories.get(id) ?? [];
    const repairs = machines.map((m) => repairsEndedIn(historyOf(m.id), from, to));
    // MTTR counts whole repairs: the opening hours reach back to the oldest one ending in the period.
    const openFrom = Math.min(from.getTime(), ...repairs.flat().map((r) => r.start.getTime()));
    const [opening, booked, usage] = await Promise.all([
      this.openingHours.openIntervals(new Date(openFrom), to),
      this.bookedIntervals(from, to),
      this.usage(from, to),
    ]);
    const items: MachinesReport['items'] = machines.map((machine) => ({
      machineId: machine.id,
      from: from.toISOString(),
      to: to.toISOString(),
      ...computeMachineMetrics({
        from,
        to,
        statusHistory: historyOf(machine.id),
        opening,
        booked: booked.get(machine.id) ?? [],
        usageHours: usage.get(machine.id) ?? 0,
      }),
      code: machine.code,
      name: machine.name,
      category: machine.category,
    }));
    const repairCount = repairs.reduce((total, list) => total + list.length, 0);
    const repairHours = items.reduce((total, m, i) => total + (m.mttrHours ?? 0) * repairs[i].length, 0);
    const sum = (pick: (m: MachinesReport['items'][number]) => number) => items.reduce((total, m) => total + pick(m), 0);
    const openHours = sum((m) => m.openHours);
    const downtimeHours = sum((m) => m.downtimeHours);
    const bookedHours = sum((m) => m.bookedHours);
    return {
      overall: {
        openHours: roundTo(openHours, 2),
        downtimeHours: roundTo(downtimeHours, 2),
        availabilityPct: percent(openHours - downtimeHours, openHours),
        failures: sum((m) => m.failures),
        mttrHours: repairCount > 0 ? roundTo(repairHours / repairCount, 2) : null,
        bookedHours: roundTo(bookedHours, 2),
        utilisationPct: percent(bookedHours, openHours - downtimeHours),
      },
      items,
    };
  }

  private machines(): Promise<MachineRow[]> {
    return this.raw.rows<MachineRow>('SELECT id, code, name, category FROM machines ORDER BY code');
  }

  /** Every machine's status history, oldest first. */
  private async statusHistories(): Promise<Map<string, StatusPoint[]>> {
    const rows = await this.raw.rows<{ machine_id: string; to_status: MachineStatus; changed_at: unknown }>(
      'SELECT machine_id, to_status, changed_at FROM machine_status_changes ORDER BY machine_id, changed_at',
    );
    const out = new Map<string, StatusPoint[]>();
    for (const row of rows) {
      const point = { status: row.to_status, at: instantOf(row.changed_at) };
      const list = out.get(row.machine_id);
      if (list) list.push(point);
      else out.set(row.machine_id, [point]);
    }
    return out;
  }

  /**
   * Each machine's bookings (confirmed and completed) that may reach into [from, to), in start
   * order: the metrics count only their part in the measured hours, so they are neither clipped
   * nor merged here. One row per machine, its bookings' times as epoch milliseconds in one text
   * (`start,end,start,end…`): a year is 8,000 bookings, and one row each cost more to carry,
   * parse and collect than the database took to find them (per period, process CPU 37 -> 11 ms on
   * PostgreSQL, 26 -> 15 ms on SQLite, ten-year bench data). Epoch milliseconds are an integer
   * from either driver, where PostgreSQL's timestamp parser and SQLite's text cost more again.
   */
  private async bookedIntervals(from: Date, to: Date): Promise<Map<string, TimeInterval[]>> {
    const epochMs = (column: string) =>
      this.config.database.type === 'postgres'
        ? `ROUND(EXTRACT(EPOCH FROM ${column}) * 1000)::bigint` // exact: numeric seconds times 1000
        : `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;
    const rows = await this.raw.rows<{ machine_id: string; times: string }>(
      `SELECT b.machine_id, string_agg(${epochMs('b.starts_at')} || ',' || ${epochMs('b.ends_at')}, ',' ORDER BY b.starts_at) AS times
         FROM bookings b
        WHERE b.machine_id IN (SELECT m.id FROM machines m)
          AND b.starts_at >= :earliest AND b.starts_at <= :to AND b.status IN (:...statuses)
        GROUP BY b.machine_id`,
      { earliest: earliestOverlappingStart({ start: from, end: to }), to, statuses: [...BOOKED_STATUSES] },
    );
    const byMachine = new Map<string, TimeInterval[]>();
    for (const row of rows) {
      const times = row.times.split(',');
      const intervals: TimeInterval[] = [];
      for (let i = 0; i < times.length; i += 2) intervals.push({ start: new Date(Number(times[i])), end: new Date(Number(times[i + 1])) });
      byMachine.set(row.machine_id, intervals);
    }
    return byMachine;
  }

  /** Each machine's meter increase during [from, to). */
  private async usage(from: Date, to: Date): Promise<Map<string, number>> {
    const rows = await this.raw.rows<{ machine_id: string; hours: unknown }>(
      `SELECT r.machine_id, SUM(r.delta) AS hours FROM machine_usage_readings r
        WHERE r.machine_id IN (SELECT m.id FROM machines m) AND r.recorded_at >= :from AND r.recorded_at < :to
        GROUP BY r.machine_id`,
      { from, to },
    );
    return new Map(rows.map((row) => [row.machine_id, Number(row.hours)]));
  }
}

type MachineRow = { id: string; code: string; name: string; category: string };
