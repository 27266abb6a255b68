import { DateTime } from 'luxon';
import rrulePackage from 'rrule';

// rrule ships CommonJS: its named exports are reached through the default export under ESM.
const { RRule } = rrulePackage;

export const MAX_SERIES_OCCURRENCES = 52;

export interface SeriesRecurrence {
  everyWeeks: number;
  /** Exactly one of count and until. */
  count?: number;
  /** Inclusive: an occurrence starting at `until` is part of the series. */
  until?: Date;
}

/** rrule computes on "floating" times: a Date whose UTC fields hold the local wall-clock time. */
const toFloating = (at: Date, zone: string): Date => {
  const local = DateTime.fromJSDate(at, { zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
};

const fromFloating = (floating: Date, zone: string): Date =>
  DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    { zone },
  ).toJSDate();

/**
 * The starts of a weekly series, computed in local time of `zone`: a series at 14:00 stays at
 * 14:00 across daylight-saving changes (its UTC time moves). Returns at most
 * MAX_SERIES_OCCURRENCES + 1 starts, so a caller can tell a series that is too long.
 */
export function seriesOccurrences(first: Date, recurrence: SeriesRecurrence, zone: string): Date[] {
  const rule = new RRule({
    freq: RRule.WEEKLY,
    interval: recurrence.everyWeeks,
    dtstart: toFloating(first, zone),
    count: recurrence.count ?? null,
    until: recurrence.until ? toFloating(recurrence.until, zone) : null,
  });
  return rule.all((_, index) => index <= MAX_SERIES_OCCURRENCES).map((d) => fromFloating(d, zone));
}

/** The recurrence as an iCalendar RRULE, in local time (`FREQ=WEEKLY;INTERVAL=2;COUNT=10`). */
export function recurrenceRule(recurrence: SeriesRecurrence, zone: string): string {
  const parts = ['FREQ=WEEKLY', `INTERVAL=${recurrence.everyWeeks}`];
  if (recurrence.count !== undefined) parts.push(`COUNT=${recurrence.count}`);
  if (recurrence.until) parts.push(`UNTIL=${DateTime.fromJSDate(recurrence.until, { zone }).toFormat("yyyyMMdd'T'HHmmss")}`);
  return parts.join(';');
}
