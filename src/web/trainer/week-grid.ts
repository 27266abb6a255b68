import { DateTime } from 'luxon';
import { clip, normalize, type TimeInterval } from '../../common/time/intervals.js';
import type { OpeningHours } from '../../settings/opening-hours.js';
import { closureInterval, openIntervals } from '../../settings/opening-hours-rules.js';

export type SegmentKind = 'free' | 'taken' | 'mine' | 'closed' | 'maintenance' | 'past';

/** A stretch of a day's opening hours that is all one thing: free, taken, closed (why), under maintenance (what), past. */
export interface Segment {
  kind: SegmentKind;
  start: Date;
  end: Date;
  /** The closure's reason or the maintenance's title. */
  label: string | null;
  /** The caller's own booking there (kind `mine`). */
  bookingId?: string;
  /** Local `HH:mm` of the start and end. */
  from: string;
  to: string;
}

export interface GridDay {
  /** Local date, `yyyy-MM-dd`. */
  date: string;
  start: Date;
  segments: Segment[];
}

export interface WeekGridInput {
  zone: string;
  /** Local midnight of the week's Monday. */
  weekStart: DateTime;
  hours: OpeningHours;
  /** Free intervals of the machine (AvailabilityService): opening hours minus bookings, closures, maintenance, from now on. */
  free: TimeInterval[];
  maintenance: (TimeInterval & { title: string | null })[];
  /** The caller's own confirmed bookings of the machine: shown as theirs rather than "taken". */
  own?: (TimeInterval & { id: string })[];
  now: Date;
}

const QUARTER_MS = 15 * 60_000;

const inside = <T extends TimeInterval>(list: readonly T[], at: number): T | undefined => list.find((i) => i.start.getTime() <= at && at < i.end.getTime());

/**
 * A machine's week, day by day, as the trainer reads it: each day's scheduled opening hours cut
 * into segments at every change (a closure with its reason, a maintenance window with its title,
 * a booking, now). Days the fablab never opens are left out. Every boundary but "now" is on the
 * 15-minute grid; now is rounded up to the next quarter, the time before it is past.
 */
export function weekGrid(input: WeekGridInput): GridDay[] {
  const { zone, hours, now } = input;
  const weekly = { weekly: hours.weekly, closures: [] };
  const nowQuarter = Math.ceil(now.getTime() / QUARTER_MS) * QUARTER_MS;
  const days: GridDay[] = [];
  for (let d = 0; d < 7; d++) {
    const dayStart = input.weekStart.plus({ days: d });
    const from = dayStart.toJSDate();
    const to = dayStart.plus({ days: 1 }).toJSDate();
    const scheduled = openIntervals(weekly, zone, from, to);
    if (scheduled.length === 0) continue;
    const closures = hours.closures.map((c) => ({ ...closureInterval(c, zone), reason: c.reason }));
    const free = clip(input.free, from, to);
    const cuts = new Set<number>([nowQuarter]);
    const own = input.own ?? [];
    for (const list of [scheduled, closures, input.maintenance, free, own]) for (const i of list) cuts.add(i.start.getTime()).add(i.end.getTime());
    const segments: Omit<Segment, 'from' | 'to'>[] = [];
    for (const open of normalize(scheduled)) {
      const points = [...cuts].filter((p) => p > open.start.getTime() && p < open.end.getTime()).sort((a, b) => a - b);
      const edges = [open.start.getTime(), ...points, open.end.getTime()];
      for (let k = 0; k < edges.length - 1; k++) {
        const [a, b] = [edges[k], edges[k + 1]];
        const closure = inside(closures, a);
        const window = inside(input.maintenance, a);
        const piece: Omit<Segment, 'from' | 'to'> = closure
          ? { kind: 'closed', start: new Date(a), end: new Date(b), label: closure.reason }
          : window
            ? { kind: 'maintenance', start: new Date(a), end: new Date(b), label: window.title }
            : a < nowQuarter
              ? { kind: 'past', start: new Date(a), end: new Date(b), label: null }
              : inside(free, a)
                ? { kind: 'free', start: new Date(a), end: new Date(b), label: null }
                : inside(own, a)
                  ? { kind: 'mine', start: new Date(a), end: new Date(b), label: null, bookingId: inside(own, a)?.id }
                  : { kind: 'taken', start: new Date(a), end: new Date(b), label: null };
        const last = segments[segments.length - 1];
        if (last && last.kind === piece.kind && last.label === piece.label && last.bookingId === piece.bookingId && last.end.getTime() === a) last.end = piece.end;
        else segments.push(piece);
      }
    }
    const local = (at: Date) => DateTime.fromJSDate(at, { zone }).toFormat('HH:mm');
    days.push({ date: dayStart.toISODate() ?? '', start: from, segments: segments.map((s) => ({ ...s, from: local(s.start), to: local(s.end) })) });
  }
  return days;
}

/** The Monday (local midnight) of the week holding `at`. */
export const mondayOf = (at: DateTime): DateTime => at.startOf('day').minus({ days: at.weekday - 1 });
