import { describe, expect, it } from '@jest/globals';
import type { TimeInterval } from '../common/time/intervals.js';
import { computeMachineMetrics, outOfOrderPeriods, repairsEndedIn, type StatusPoint } from './machine-metrics.js';

/** Hours since Monday 2025-01-06 00:00 UTC. */
const h = (hours: number) => new Date(Date.UTC(2025, 0, 6) + hours * 3_600_000);
const iv = (start: number, end: number): TimeInterval => ({ start: h(start), end: h(end) });
/** Open 09:00–17:00 UTC every day of the first week. */
const OPEN = Array.from({ length: 7 }, (_, day) => iv(day * 24 + 9, day * 24 + 17));
const at = (hours: number, status: StatusPoint['status']): StatusPoint => ({ at: h(hours), status });

describe('computeMachineMetrics', () => {
  it('measures everything against opening hours', () => {
    // Period: Monday 00:00 to Wednesday 00:00 → 16 open hours.
    const metrics = computeMachineMetrics({
      from: h(0),
      to: h(48),
      statusHistory: [at(-100, 'available'), at(12, 'out_of_order'), at(20, 'out_of_order'), at(34, 'available'), at(40, 'maintenance')],
      opening: OPEN,
      booked: [iv(9, 11), iv(16, 20), iv(33, 36)],
      usageHours: 2.345,
    });
    // Down: Mon 12–17 (5 h, out of order overnight counts nothing) + Tue 09–10 (1 h) + Tue 16–17 (maintenance, 1 h) = 7 h.
    // Up: 9 h. Booked while up: Mon 09–11 (2 h), Mon 16–17 is down, Tue 10–12 (2 h) → 4 h.
    // The out_of_order → out_of_order row is no new failure; the period Mon 12:00 – Tue 10:00 lasted 6 open hours.
    expect(metrics).toEqual({
      openHours: 16,
      downtimeHours: 7,
      availabilityPct: 56.3,
      failures: 1,
      mtbfHours: 9,
      mttrHours: 6,
      bookedHours: 4,
      utilisationPct: 44.4,
      usageHours: 2.35,
    });
  });

  it('counts a repair that began before the period in full for MTTR, but not its failure', () => {
    const metrics = computeMachineMetrics({
      from: h(24),
      to: h(48),
      statusHistory: [at(-100, 'available'), at(10, 'out_of_order'), at(33, 'available')],
      opening: OPEN,
      booked: [],
      usageHours: 0,
    });
    // Broken Monday 10:00, back Tuesday 09:00 as the doors open: the repair took Mon 10–17 = 7 open hours.
    expect(metrics).toMatchObject({ failures: 0, mttrHours: 7, downtimeHours: 0, openHours: 8, mtbfHours: null });
  });

  it('leaves an ongoing breakdown out of MTTR and counts its failure', () => {
    const metrics = computeMachineMetrics({
      from: h(0),
      to: h(24),
      statusHistory: [at(-100, 'available'), at(13, 'out_of_order')],
      opening: OPEN,
      booked: [],
      usageHours: 0,
    });
    expect(metrics).toMatchObject({ failures: 1, mttrHours: null, downtimeHours: 4, mtbfHours: 4, availabilityPct: 50 });
  });

  it('measures only the time in service: before the first history row and while retired count nothing', () => {
    const metrics = computeMachineMetrics({
      from: h(0),
      to: h(72),
      // Enters service Monday 13:00; retired Tuesday 15:00 to Wednesday 11:00.
      statusHistory: [at(13, 'available'), at(39, 'retired'), at(59, 'available')],
      opening: OPEN,
      booked: [],
      usageHours: 0,
    });
    // Mon 13–17 (4) + Tue 09–15 (6) + Wed 11–17 (6) = 16 h.
    expect(metrics).toMatchObject({ openHours: 16, downtimeHours: 0, availabilityPct: 100 });
  });

  it('gives nulls rather than divisions by zero', () => {
    const closed = computeMachineMetrics({ from: h(0), to: h(8), statusHistory: [at(-1, 'available')], opening: OPEN, booked: [], usageHours: 0 });
    expect(closed).toMatchObject({ openHours: 0, availabilityPct: null, mtbfHours: null, mttrHours: null, utilisationPct: null });
    const allDown = computeMachineMetrics({
      from: h(0),
      to: h(24),
      statusHistory: [at(-1, 'maintenance')],
      opening: OPEN,
      booked: [iv(9, 17)],
      usageHours: 0,
    });
    expect(allDown).toMatchObject({ openHours: 8, downtimeHours: 8, availabilityPct: 0, bookedHours: 0, utilisationPct: null });
    const empty = computeMachineMetrics({ from: h(0), to: h(24), statusHistory: [], opening: OPEN, booked: [], usageHours: 0 });
    expect(empty.openHours).toBe(0);
  });

  it('finds out-of-order periods and the repairs that ended in a range', () => {
    const history = [at(0, 'available'), at(10, 'out_of_order'), at(12, 'maintenance'), at(14, 'out_of_order'), at(20, 'available'), at(30, 'out_of_order')];
    expect(outOfOrderPeriods(history).map((p) => [p.start, p.end.getTime() < 8e15 ? p.end : null, p.ended])).toEqual([
      [h(10), h(12), true],
      [h(14), h(20), true],
      [h(30), null, false],
    ]);
    // An end at `to` belongs to the next range.
    expect(repairsEndedIn(history, h(12), h(20)).map(({ start, end }) => ({ start, end }))).toEqual([iv(10, 12)]);
  });
});
