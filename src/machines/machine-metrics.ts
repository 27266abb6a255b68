import { clip, intersect, normalize, overlapMs, subtract, type TimeInterval, totalHours } from '../common/time/intervals.js';
import { DOWN_STATUSES, type MachineStatus } from './machine-status.js';

/** A status taken at an instant, from the status history (oldest first; the first one enters service). */
export interface StatusPoint {
  status: MachineStatus;
  at: Date;
}

export interface StatusSegment extends TimeInterval {
  status: MachineStatus;
}

export interface MachineMetrics {
  openHours: number;
  downtimeHours: number;
  availabilityPct: number | null;
  failures: number;
  mtbfHours: number | null;
  mttrHours: number | null;
  bookedHours: number;
  utilisationPct: number | null;
  usageHours: number;
}

export interface MetricsInput {
  /** The measured period [from, to); `to` is no later than now. */
  from: Date;
  to: Date;
  statusHistory: StatusPoint[];
  /** Opening intervals covering [from, to) and the out-of-order periods that ended in it. */
  opening: TimeInterval[];
  /** Booked intervals (confirmed and completed bookings), in any order; only their part in [from, to) counts. */
  booked: TimeInterval[];
  /** The meter's increase during the period. */
  usageHours: number;
}

const NEVER = new Date(8.64e15);
const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/**
 * The intervals of a normalised list that may meet `window` (binary search on the sorted ends):
 * a repair's opening hours without walking ten years of them.
 */
function within(normal: readonly TimeInterval[], window: TimeInterval): readonly TimeInterval[] {
  let low = 0;
  let high = normal.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (normal[middle].end.getTime() <= window.start.getTime()) low = middle + 1;
    else high = middle;
  }
  let last = low;
  while (last < normal.length && normal[last].start.getTime() < window.end.getTime()) last++;
  return normal.slice(low, last);
}

/** The history as consecutive segments; the last one runs on for ever. */
export function statusSegments(history: readonly StatusPoint[]): StatusSegment[] {
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  return sorted.map((point, i) => ({
    status: point.status,
    start: point.at,
    end: sorted[i + 1]?.at ?? NEVER,
  }));
}

/** Maximal periods spent `out_of_order` (consecutive segments joined); `ended` false while it lasts. */
export function outOfOrderPeriods(history: readonly StatusPoint[]): (TimeInterval & { ended: boolean })[] {
  return normalize(statusSegments(history).filter((s) => s.status === 'out_of_order')).map((p) => ({
    ...p,
    ended: p.end.getTime() !== NEVER.getTime(),
  }));
}

/** Out-of-order periods that ended within [from, to): the repairs MTTR averages. */
export function repairsEndedIn(history: readonly StatusPoint[], from: Date, to: Date): TimeInterval[] {
  return outOfOrderPeriods(history).filter(
    (p) => p.ended && p.end.getTime() >= from.getTime() && p.end.getTime() < to.getTime(),
  );
}

/**
 * The reliability of one machine over a period, measured against opening hours (DESIGN.md,
 * "Machines and maintenance"):
 * - measured time = opening hours ∩ [from, to) ∩ in service (from the first status-history row
 *   on, `retired` periods excluded: a machine that does not exist yet, or no longer, is neither
 *   available nor down);
 * - openHours = measured time; downtimeHours = periods in `out_of_order` or `maintenance` ∩ measured;
 * - availabilityPct = (open − downtime) / open × 100 (null when open = 0);
 * - failures = moves into `out_of_order` within [from, to);
 * - mtbfHours = (open − downtime) / failures (null without failures);
 * - mttrHours = mean length, in opening hours, of the out-of-order periods that ended within
 *   [from, to) (the whole period, including what lies before `from`; null when none ended);
 * - bookedHours = booked time ∩ measured time the machine was up (a booking cannot use a
 *   machine that is down, so utilisation never exceeds 100%);
 * - utilisationPct = booked / (open − downtime) × 100 (null when the machine was never up);
 * - usageHours = the meter's increase.
 * Hours are rounded to 2 decimals, percentages to 1.
 */
export function computeMachineMetrics(input: MetricsInput): MachineMetrics {
  const { from, to } = input;
  const segments = statusSegments(input.statusHistory);
  const inService = segments.filter((s) => s.status !== 'retired');
  const measured = to.getTime() > from.getTime() ? intersect(clip(input.opening, from, to), inService) : [];
  const down = intersect(
    segments.filter((s) => DOWN_STATUSES.includes(s.status)),
    measured,
  );
  const up = subtract(measured, down);

  const openHours = totalHours(measured);
  const downtimeHours = totalHours(down);
  const upHours = totalHours(up);

  const failures = segments.filter(
    (s, i) =>
      s.status === 'out_of_order' &&
      segments[i - 1]?.status !== 'out_of_order' &&
      s.start.getTime() >= from.getTime() &&
      s.start.getTime() < to.getTime(),
  ).length;

  const repairs = repairsEndedIn(input.statusHistory, from, to);
  const opening = normalize(input.opening);
  const repairHours = repairs.map((r) => totalHours(intersect(within(opening, r), [r])));

  const bookedHours = overlapMs(input.booked, up) / 3_600_000;

  return {
    openHours: round(openHours, 2),
    downtimeHours: round(downtimeHours, 2),
    availabilityPct: openHours > 0 ? round((upHours / openHours) * 100, 1) : null,
    failures,
    mtbfHours: failures > 0 ? round(upHours / failures, 2) : null,
    mttrHours: repairHours.length > 0 ? round(repairHours.reduce((a, b) => a + b, 0) / repairHours.length, 2) : null,
    bookedHours: round(bookedHours, 2),
    utilisationPct: upHours > 0 ? round((bookedHours / upHours) * 100, 1) : null,
    usageHours: round(input.usageHours, 2),
  };
}
