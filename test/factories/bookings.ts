import { DateTime } from 'luxon';
import type { BookingView } from '../../src/bookings/booking-view.js';
import { Clock } from '../../src/common/time/clock.service.js';
import type { Session } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';

/** A booking as the API answers it (the response body of the bookings routes). */
export type BookingBody = BookingView;

const WEEKDAY = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
export type WeekdayName = keyof typeof WEEKDAY;

/**
 * A local day of the fablab's time zone: the first `weekday` at least `minDaysAhead` days after
 * `now` (default: real time). With the default opening hours, Tuesday to Saturday are open
 * 09:00–12:30 and 13:30–18:00.
 */
export function nextWeekday(t: TestApp, weekday: WeekdayName, minDaysAhead = 2, now: Date = new Date()): DateTime {
  let day = DateTime.fromJSDate(now, { zone: t.config.timezone }).startOf('day').plus({ days: minDaysAhead });
  while (day.weekday !== WEEKDAY[weekday]) day = day.plus({ days: 1 });
  return day;
}

/** `at(day, '14:30')` → the UTC ISO instant of that local time. */
export function at(day: DateTime, clock: string): string {
  const [hour, minute] = clock.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO() as string;
}

/** `{startsAt, endsAt}` of a local slot on `day`. */
export const slot = (day: DateTime, start: string, end: string) => ({ startsAt: at(day, start), endsAt: at(day, end) });

/** Stops the app's booking clock at `instant` (null: real time again). */
export function freezeClock(t: TestApp, instant: Date | string | null): void {
  t.app.get(Clock).freezeAt(instant === null ? null : new Date(instant));
}

export async function makeBooking(
  t: TestApp,
  session: Session,
  body: { machineId: string; startsAt: string; endsAt: string } & Record<string, unknown>,
): Promise<BookingBody> {
  const res = await t.http().post('/api/bookings').set(session.auth).send({ kind: 'session', ...body });
  if (res.status !== 201) throw new Error(`makeBooking: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as BookingBody;
}
