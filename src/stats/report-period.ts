import { DateTime } from 'luxon';
import { DomainError } from '../common/errors/domain-error.js';
import { parseInstant } from '../common/time/instants.js';

/** The longest period a report covers: a leap year (the machines' metrics have the same bound). */
export const MAX_REPORT_DAYS = 366;

/** A report's period [from, to), and the same period one year earlier. */
export interface ReportPeriod {
  from: Date;
  to: Date;
  /**
   * The calendar year (in APP_TIMEZONE) the period starts in: age bands are computed as this
   * year − birth year, and the per-person pseudonyms are those of this year's participants.csv.
   */
  year: number;
  previous: { from: Date; to: Date; year: number };
}

/**
 * Reads `?from=&to=` (ISO 8601; without an offset, local time in `zone`; a date alone is the
 * start of that day; `to` excluded). Without either: the calendar year of `now`. With one only:
 * the year that starts at `from`, or ends at `to`.
 */
export function reportPeriod(fromText: string | undefined, toText: string | undefined, zone: string, now: Date): ReportPeriod {
  const parse = (text: string, field: 'from' | 'to') => {
    const at = parseInstant(text, zone);
    if (!at) throw DomainError.validation([{ field, message: `${field} must be an ISO 8601 date or date-time` }]);
    return DateTime.fromJSDate(at, { zone });
  };
  let from = fromText === undefined ? undefined : parse(fromText, 'from');
  let to = toText === undefined ? undefined : parse(toText, 'to');
  if (!from && !to) from = DateTime.fromJSDate(now, { zone }).startOf('year');
  if (!from) from = to!.minus({ years: 1 });
  if (!to) to = from.plus({ years: 1 });
  if (to <= from) throw DomainError.validation([{ field: 'to', message: 'to must be after from' }]);
  if (to > from.plus({ days: MAX_REPORT_DAYS })) {
    throw DomainError.validation([{ field: 'to', message: `the period must not exceed ${MAX_REPORT_DAYS} days` }]);
  }
  const previousFrom = from.minus({ years: 1 });
  return {
    from: from.toJSDate(),
    to: to.toJSDate(),
    year: from.year,
    previous: { from: previousFrom.toJSDate(), to: to.minus({ years: 1 }).toJSDate(), year: previousFrom.year },
  };
}
