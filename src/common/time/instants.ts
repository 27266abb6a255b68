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
  // setZone: a text with an offset stays in that fixed offset. The instant is the same; what is
  // spared is luxon's conversion to `zone`, an Intl.DateTimeFormat call (most of a parse).
  const parsed = DateTime.fromISO(value, { zone, setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** The first instant after the local day `date` (YYYY-MM-DD) in `zone`: the next midnight. */
export function endOfLocalDay(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
}
