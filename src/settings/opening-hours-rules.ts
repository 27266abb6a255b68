import { DateTime } from 'luxon';
import type { FieldError } from '../common/errors/error-code.js';
import { endOfLocalDay, isDateOnly, parseInstant } from '../common/time/instants.js';
import { clip, subtract, type TimeInterval } from '../common/time/intervals.js';
import { ZoneOffsets } from '../common/time/zone-offsets.js';
import { type Closure, type OpeningHours, type TimeRange, WEEKDAYS, type Weekday, type WeeklySchedule } from './opening-hours.js';

const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
export const MAX_RANGES_PER_DAY = 8;
export const MAX_CLOSURES = 500;
export const MAX_REASON_LENGTH = 200;

/** "13:30" → 810; "24:00" → 1440; anything else → null. */
export function minutesOf(clock: unknown): number | null {
  if (typeof clock !== 'string') return null;
  const match = CLOCK.exec(clock);
  if (!match) return null;
  return match[3] ? 1440 : Number(match[1]) * 60 + Number(match[2]);
}

export interface OpeningHoursInput {
  weekly?: unknown;
  closures?: unknown;
}

/**
 * Checks an opening-hours document and returns it normalised (all seven days, ranges sorted,
 * closure instants in UTC) with every problem found, each named by its field.
 */
export function validateOpeningHours(
  input: OpeningHoursInput,
  zone: string,
): { hours: OpeningHours; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeRange[]])) as WeeklySchedule;

  if (typeof input.weekly !== 'object' || input.weekly === null || Array.isArray(input.weekly)) {
    errors.push({ field: 'weekly', message: 'weekly must be an object such as {"tue": [["09:00","12:30"]]}' });
  } else {
    for (const [day, ranges] of Object.entries(input.weekly as Record<string, unknown>)) {
      const field = `weekly.${day}`;
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        errors.push({ field, message: `unknown day: use ${WEEKDAYS.join(', ')}` });
        continue;
      }
      if (!Array.isArray(ranges)) {
        errors.push({ field, message: 'must be a list of ["HH:MM","HH:MM"] ranges' });
        continue;
      }
      if (ranges.length > MAX_RANGES_PER_DAY) {
        errors.push({ field, message: `at most ${MAX_RANGES_PER_DAY} ranges a day` });
        continue;
      }
      const parsed: { start: number; end: number; range: TimeRange }[] = [];
      ranges.forEach((range: unknown, index) => {
        const at = `${field}[${index}]`;
        if (!Array.isArray(range) || range.length !== 2) {
          errors.push({ field: at, message: 'must be a ["HH:MM","HH:MM"] pair' });
          return;
        }
        const start = minutesOf(range[0]);
        const end = minutesOf(range[1]);
        if (start === null || end === null || start === 1440) {
          errors.push({ field: at, message: 'times must be HH:MM between 00:00 and 24:00 (24:00 only as an end)' });
        } else if (end <= start) {
          errors.push({ field: at, message: 'the end must be after the start' });
        } else {
          parsed.push({ start, end, range: [range[0] as string, range[1] as string] });
        }
      });
      parsed.sort((a, b) => a.start - b.start);
      for (let i = 1; i < parsed.length; i++) {
        if (parsed[i].start < parsed[i - 1].end) {
          errors.push({ field, message: `ranges overlap: ${parsed[i - 1].range.join('-')} and ${parsed[i].range.join('-')}` });
        }
      }
      weekly[day as Weekday] = parsed.map((p) => p.range);
    }
  }

  const closures: Closure[] = [];
  if (input.closures !== undefined && input.closures !== null) {
    if (!Array.isArray(input.closures)) {
      errors.push({ field: 'closures', message: 'closures must be a list' });
    } else if (input.closures.length > MAX_CLOSURES) {
      errors.push({ field: 'closures', message: `at most ${MAX_CLOSURES} closures` });
    } else {
      input.closures.forEach((raw: unknown, index) => {
        const field = `closures[${index}]`;
        const closure = checkClosure(raw, zone, field, errors);
        if (closure) closures.push(closure);
      });
    }
  }
  closures.sort((a, b) => closureInterval(a, zone).start.getTime() - closureInterval(b, zone).start.getTime());
  return { hours: { weekly, closures }, errors };
}

function checkClosure(raw: unknown, zone: string, field: string, errors: FieldError[]): Closure | null {
  if (typeof raw !== 'object' || raw === null) {
    errors.push({ field, message: 'must be {"from", "to", "reason"}' });
    return null;
  }
  const { from, to, reason } = raw as Record<string, unknown>;
  const normalised: Partial<Closure> = {};
  for (const [key, value] of [['from', from], ['to', to]] as const) {
    const instant = typeof value === 'string' ? parseInstant(value, zone) : null;
    if (typeof value !== 'string' || !instant) {
      errors.push({ field: `${field}.${key}`, message: `${key} must be a date (YYYY-MM-DD) or an ISO 8601 date-time` });
    } else {
      normalised[key] = isDateOnly(value) ? value : instant.toISOString();
    }
  }
  if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH)) {
    errors.push({ field: `${field}.reason`, message: `reason must be a text of at most ${MAX_REASON_LENGTH} characters` });
    return null;
  }
  if (!normalised.from || !normalised.to) return null;
  const closure: Closure = { from: normalised.from, to: normalised.to, reason: typeof reason === 'string' ? reason.trim() || null : null };
  const interval = closureInterval(closure, zone);
  if (interval.end.getTime() <= interval.start.getTime()) {
    errors.push({ field: `${field}.to`, message: 'to must not be before from' });
    return null;
  }
  return closure;
}

/** The instants a closure covers: a date `from` starts at local midnight, a date `to` ends at the next one. */
export function closureInterval(closure: Closure, zone: string): TimeInterval {
  const start = isDateOnly(closure.from)
    ? DateTime.fromISO(closure.from, { zone }).startOf('day').toJSDate()
    : new Date(closure.from);
  const end = isDateOnly(closure.to) ? endOfLocalDay(closure.to, zone) : new Date(closure.to);
  return { start, end };
}

/**
 * The UTC intervals of [from, to) when the fablab is open: each local day's ranges, built in
 * `zone` (so a range keeps its wall-clock times across daylight-saving changes), closures
 * removed, touching ranges merged.
 *
 * The days are walked as luxon walks them — `DateTime.fromJSDate(from, { zone }).startOf('day')`,
 * then `plus({ days: 1 }).startOf('day')`, each range `DateTime.fromObject(…, { zone })` — with
 * ZoneOffsets doing luxon's arithmetic on memoised offsets: the same instants, tens of times
 * faster (opening-hours-rules.spec.ts compares both on hundreds of windows across DST changes).
 */
export function openIntervals(hours: OpeningHours, zone: string, from: Date, to: Date): TimeInterval[] {
  if (to.getTime() <= from.getTime()) return [];
  const offsets = ZoneOffsets.of(zone);
  // DateTime.fromObject guesses a local time's offset from the offset now.
  const guess = offsets.offset(Date.now());
  // Each weekday's ranges in minutes, parsed when the walk first meets that weekday: a month
  // meets each four or five times, and the clock parsing was a sixth of this function's time.
  const rangesByWeekday: (readonly [number, number][])[] = [];
  const raw: TimeInterval[] = [];
  const last = to.getTime();
  let day = startOfDay(offsets, { ts: from.getTime(), o: offsets.offset(from.getTime()) });
  while (day.ts < last) {
    const date = localDate(day);
    const weekday = (((date / DAY_MS + 3) % 7) + 7) % 7; // 1970-01-01, day 0, was a Thursday (3 from Monday)
    const ranges = (rangesByWeekday[weekday] ??= (hours.weekly[WEEKDAYS[weekday]] ?? []).map(([start, end]) => [minutesOf(start) ?? 0, minutesOf(end) ?? 0] as [number, number]));
    for (const [start, end] of ranges) {
      raw.push({ start: localTime(offsets, day, date, start, guess), end: localTime(offsets, day, date, end, guess) });
    }
    day = startOfDay(offsets, nextDay(offsets, day));
  }
  // clip normalises (sorts and merges the days' ranges) as it cuts.
  const open = clip(raw, from, to);
  const earliest = new Date(from.getTime() - 2 * DAY_MS).toISOString().slice(0, 10);
  const latest = new Date(to.getTime() + 2 * DAY_MS).toISOString().slice(0, 10);
  const closed = hours.closures.filter((c) => mayOverlap(c, earliest, latest)).map((c) => closureInterval(c, zone));
  return closed.length > 0 ? subtract(open, closed) : open;
}

const MINUTE_MS = 60_000;
const DAY_MS = 1_440 * MINUTE_MS;

/** An instant and the zone's offset (minutes) there: what a luxon DateTime holds. */
interface Zoned {
  ts: number;
  o: number;
}

/**
 * Midnight of the local date of `at`, as a wall-clock time (the local fields read as if UTC):
 * what `Date.UTC(year, month, day)` of those fields gives, taken as whole days of the epoch —
 * JavaScript days are all 86,400,000 ms — without building a Date to read them from.
 */
function localDate(at: Zoned): number {
  return Math.floor((at.ts + at.o * MINUTE_MS) / DAY_MS) * DAY_MS;
}

/** `startOf('day')`: local midnight of the same local day, guessing the offset it has now. */
function startOfDay(offsets: ZoneOffsets, at: Zoned): Zoned {
  const [ts, o] = offsets.fix(localDate(at), at.o);
  return { ts, o };
}

/** `plus({ days: 1 })`: the same wall-clock time on the next local day. */
function nextDay(offsets: ZoneOffsets, at: Zoned): Zoned {
  const [ts, o] = offsets.fix(at.ts + at.o * MINUTE_MS + DAY_MS, at.o);
  return { ts, o };
}

/**
 * The instant of a wall-clock time on a local day (`date`: its `localDate`); 1440 minutes is the
 * next midnight.
 */
function localTime(offsets: ZoneOffsets, day: Zoned, date: number, minutes: number, guess: number): Date {
  if (minutes >= 1440) return new Date(startOfDay(offsets, nextDay(offsets, day)).ts);
  return new Date(offsets.fix(date + minutes * MINUTE_MS, guess)[0]);
}

/**
 * Whether a closure can reach into a period: its dates (local or UTC, the first ten characters
 * of either form) within `earliest` and `latest`, the period's UTC dates widened by two days —
 * no offset is a day long. Spares resolving hundreds of past closures on every call.
 */
function mayOverlap(closure: Closure, earliest: string, latest: string): boolean {
  return closure.to.slice(0, 10) >= earliest && closure.from.slice(0, 10) <= latest;
}
