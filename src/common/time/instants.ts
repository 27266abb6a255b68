import { DateTime } from 'luxon';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a calendar date without a time (`2025-03-08`). */
export const isDateOnly = (value: string): boolean => DATE_ONLY.test(value);

/**
 * An ISO 8601 instant from a request. With an offset (`Z`, `+02:00`) it is taken as is;
 * without one (`2025-03-08T09:00`, `2025-03-08`) it is local time in `zone`, a date alone
 * meaning the start of that day. Returns null when the text is not a valid ISO 8601 value.
 */
export function parseInstant(value: string, zone: string): Date | null {
  const exact = exactInstant(value);
  if (exact) return exact;
  // setZone: a text with an offset stays in that fixed offset. The instant is the same; what is
  // spared is luxon's conversion to `zone`, an Intl.DateTimeFormat call (most of a parse).
  const parsed = DateTime.fromISO(value, { zone, setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** `2025-03-08T09:00:00.000Z`, `2025-03-08T09:00+01:00`: a full date-time with `Z` or a `±HH:MM` offset. */
const EXACT_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant of a plain timestamp with its offset (what clients send: every booking request
 * has two), read by hand, or null to leave the text to luxon: any other form, and any field out
 * of its everyday range (hour 24, a 30 February…) whatever luxon makes of it. Hand-rolled because
 * luxon's fromISO (its regex chain, an object per unit, validation) was the biggest part of
 * parsing a booking's slot: 6.7 µs a call against 0.8 µs (c9c44fa); instants.spec.ts checks it
 * against luxon over every field's edges.
 */
function exactInstant(value: string): Date | null {
  const m = EXACT_INSTANT.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // As luxon reads a fraction (parseMillis), so that both agree to the millisecond.
  const millisecond = m[7] === undefined ? 0 : Math.floor(parseFloat(`0.${m[7]}`) * 1000);
  let offsetMinutes = 0;
  if (!m[8]) {
    const [offsetHours, offsetMinutesPart] = [Number(m[10]), Number(m[11])];
    if (offsetHours > 23 || offsetMinutesPart > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutesPart);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000);
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** The first instant after the local day `date` (YYYY-MM-DD) in `zone`: the next midnight. */
export function endOfLocalDay(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** Past this many instants the memo of `isoText` starts again (about 1 MB). */
const MAX_ISO_MEMO = 10_000;
const isoMemo = new Map<number, string>();

/**
 * `date.toISOString()`, memoised by instant. A month of availability is a hundred instants, and
 * Node 20's toISOString takes ~0.4 µs each (40 µs a response, 3 % of the request's CPU); the
 * same instants — opening and closing times of the coming weeks — come back in every request
 * for every machine, and a lookup takes ~0.01 µs. Exact by construction: the text is
 * toISOString's own.
 */
export function isoText(date: Date): string {
  const ts = date.getTime();
  let text = isoMemo.get(ts);
  if (text === undefined) {
    text = date.toISOString();
    if (isoMemo.size >= MAX_ISO_MEMO) isoMemo.clear();
    isoMemo.set(ts, text);
  }
  return text;
}
