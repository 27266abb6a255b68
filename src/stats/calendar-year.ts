import { DateTime } from 'luxon';

/** A calendar year in a time zone: its bounds, its months, and how much of it has elapsed at `now`. */
export interface CalendarYear {
  year: number;
  start: Date;
  end: Date;
  /** Start of each of the 12 months, then the end of the year (13 instants). */
  monthStarts: Date[];
  /** "YYYY-MM" of each of the 12 months. */
  monthLabels: readonly string[];
  /** 0 before the year, 1 after it, the elapsed share of its days in between. */
  elapsedFraction: number;
  /** "past" | "current" | "future" relative to `now`. */
  phase: 'past' | 'current' | 'future';
}

/** A year's bounds and month labels in a zone, worked out once: luxon's zone arithmetic was a tenth of the target statistics' time. */
interface YearBounds {
  /** The 13 month bounds, epoch milliseconds. */
  monthStarts: number[];
  monthLabels: string[];
}

const boundsByYear = new Map<string, YearBounds>();

function yearBounds(year: number, zone: string): YearBounds {
  const key = `${zone} ${year}`;
  let bounds = boundsByYear.get(key);
  if (!bounds) {
    const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
    const months = Array.from({ length: 13 }, (_, i) => start.plus({ months: i }));
    bounds = { monthStarts: months.map((month) => month.toMillis()), monthLabels: months.slice(0, 12).map((month) => month.toFormat('yyyy-MM')) };
    // Years asked for stay few; a bound keeps a caller looping over years from growing it without end.
    if (boundsByYear.size >= 200) boundsByYear.clear();
    boundsByYear.set(key, bounds);
  }
  return bounds;
}

export function calendarYear(year: number, zone: string, now: Date): CalendarYear {
  const { monthStarts, monthLabels } = yearBounds(year, zone);
  const start = monthStarts[0];
  const end = monthStarts[12];
  const phase = now.getTime() < start ? 'future' : now.getTime() >= end ? 'past' : 'current';
  let elapsedFraction = phase === 'future' ? 0 : 1;
  if (phase === 'current') {
    // Calendar days (a daylight-saving day counts as one day, like any other).
    const startOfYear = DateTime.fromMillis(start, { zone });
    elapsedFraction =
      DateTime.fromJSDate(now, { zone }).diff(startOfYear, 'days').days / DateTime.fromMillis(end, { zone }).diff(startOfYear, 'days').days;
  }
  return {
    year,
    start: new Date(start),
    end: new Date(end),
    monthStarts: monthStarts.map((at) => new Date(at)),
    monthLabels,
    elapsedFraction,
    phase,
  };
}

/** The calendar year of an instant in a zone (31 December 23:30 in Paris is still that year). */
export const yearOf = (at: Date, zone: string): number => DateTime.fromJSDate(at, { zone }).year;

/** "YYYY-MM" of the month starting at `at` in `zone`. */
export const monthLabel = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
