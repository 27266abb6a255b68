/** Days of the weekly schedule, ISO order (luxon weekday 1 = mon ... 7 = sun). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `["09:00", "12:30"]`: local times in APP_TIMEZONE; the end may be "24:00". */
export type TimeRange = [string, string];

export type WeeklySchedule = Record<Weekday, TimeRange[]>;

/**
 * A period when the fablab is closed whatever the weekly schedule says. `from` and `to` are
 * either local dates (`2025-12-24`, whole days, `to` included) or instants (stored in UTC).
 */
export interface Closure {
  from: string;
  to: string;
  reason: string | null;
}

export interface OpeningHours {
  weekly: WeeklySchedule;
  closures: Closure[];
}
