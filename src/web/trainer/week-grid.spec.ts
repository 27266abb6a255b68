import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { OpeningHours } from '../../settings/opening-hours.js';
import { mondayOf, weekGrid } from './week-grid.js';

const ZONE = 'Europe/Paris';
const HOURS: OpeningHours = {
  weekly: { mon: [], tue: [['09:00', '12:30'], ['13:30', '18:00']], wed: [], thu: [['13:30', '18:00']], fri: [], sat: [], sun: [] },
  closures: [{ from: '2027-01-21', to: '2027-01-21', reason: 'Inventaire annuel' }],
};
const local = (text: string) => DateTime.fromISO(text, { zone: ZONE }).toJSDate();
const monday = DateTime.fromISO('2027-01-18', { zone: ZONE });
const said = (days: ReturnType<typeof weekGrid>) => days.map((d) => ({ date: d.date, segments: d.segments.map((s) => `${s.from}-${s.to} ${s.kind}${s.label ? ` (${s.label})` : ''}`) }));

describe('weekGrid', () => {
  it('cuts each open day at bookings, maintenance, closures and now; leaves out the days the fablab never opens', () => {
    const days = weekGrid({
      zone: ZONE,
      weekStart: monday,
      hours: HOURS,
      // Tuesday: booked 10:00–11:00 (10:30–11:00 by the caller), free around it; now is Tuesday 09:40.
      free: [
        { start: local('2027-01-19T09:40'), end: local('2027-01-19T10:00') },
        { start: local('2027-01-19T11:00'), end: local('2027-01-19T12:30') },
        { start: local('2027-01-19T13:30'), end: local('2027-01-19T16:00') },
        { start: local('2027-01-19T17:00'), end: local('2027-01-19T18:00') },
      ],
      maintenance: [{ start: local('2027-01-19T16:00'), end: local('2027-01-19T17:00'), title: 'Lentille' }],
      own: [{ start: local('2027-01-19T10:30'), end: local('2027-01-19T11:00'), id: 'b-1' }],
      now: local('2027-01-19T09:40'),
    });
    expect(said(days)).toEqual([
      {
        date: '2027-01-19',
        segments: ['09:00-09:45 past', '09:45-10:00 free', '10:00-10:30 taken', '10:30-11:00 mine', '11:00-12:30 free', '13:30-16:00 free', '16:00-17:00 maintenance (Lentille)', '17:00-18:00 free'],
      },
      // Thursday is closed all day: the closure's reason, not "taken".
      { date: '2027-01-21', segments: ['13:30-18:00 closed (Inventaire annuel)'] },
    ]);
  });

  it('finds the Monday of any day of the week', () => {
    expect(mondayOf(DateTime.fromISO('2027-01-24T23:00', { zone: ZONE })).toISODate()).toBe('2027-01-18');
    expect(mondayOf(DateTime.fromISO('2027-01-18T00:00', { zone: ZONE })).toISODate()).toBe('2027-01-18');
  });
});
