import { DateTime } from 'luxon';

/** A calendar year in a time zone: its bounds, its months, and how much of it has elapsed at `now`. */
export interface CalendarYear {
  year: number;
  start: Date;
  end: Date;
  /** Start of each of the 12 months, then the end of the year (13 instants). */
  monthStarts: Date[];
  /** 0 before the year, 1 after it, the elapsed share of its days in between. */
  elapsedFraction: number;
  /** "past" | "current" | "future" relative to `now`. */
  phase: 'past' | 'current' | 'future';
}

export function calendarYear(year: number, zone: string, now: Date): CalendarYear {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  const end = start.plus({ years: 1 });
  const monthStarts = Array.from({ length: 13 }, (_, i) => start.plus({ months: i }).toJSDate());
  const current = DateTime.fromJSDate(now, { zone });
  const phase = current < start ? 'future' : current >= end ? 'past' : 'current';
  // Calendar days (a daylight-saving day counts as one day, like any other).
  const elapsedFraction =
    phase === 'future' ? 0 : phase === 'past' ? 1 : current.diff(start, 'days').days / end.diff(start, 'days').days;
  return { year, start: start.toJSDate(), end: end.toJSDate(), monthStarts, elapsedFraction, phase };
}

/** The calendar year of an instant in a zone (31 December 23:30 in Paris is still that year). */
export const yearOf = (at: Date, zone: string): number => DateTime.fromJSDate(at, { zone }).year;

/** "YYYY-MM" of the month starting at `at` in `zone`. */
export const monthLabel = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
