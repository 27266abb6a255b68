import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { clip, normalize, subtract, type TimeInterval } from '../common/time/intervals.js';
import { totalHours } from '../common/time/intervals.js';
import { type OpeningHours, WEEKDAYS } from './opening-hours.js';
import { closureInterval, minutesOf, openIntervals, validateOpeningHours } from './opening-hours-rules.js';

const ZONE = 'Europe/Paris';
const DAY = [['09:00', '12:30'], ['13:30', '18:00']] as [string, string][];
const DEFAULT: OpeningHours = {
  weekly: { mon: [], tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: [] },
  closures: [],
};
const iso = (list: { start: Date; end: Date }[]) => list.map((i) => [i.start.toISOString(), i.end.toISOString()]);

describe('openIntervals', () => {
  it('builds each open day in local time and skips closed days (Sat 8 – Tue 11 March 2025, UTC+1)', () => {
    const open = openIntervals(DEFAULT, ZONE, new Date('2025-03-08T00:00:00+01:00'), new Date('2025-03-12T00:00:00+01:00'));
    expect(iso(open)).toEqual([
      ['2025-03-08T08:00:00.000Z', '2025-03-08T11:30:00.000Z'],
      ['2025-03-08T12:30:00.000Z', '2025-03-08T17:00:00.000Z'],
      // Sunday and Monday closed
      ['2025-03-11T08:00:00.000Z', '2025-03-11T11:30:00.000Z'],
      ['2025-03-11T12:30:00.000Z', '2025-03-11T17:00:00.000Z'],
    ]);
    expect(totalHours(open)).toBe(16);
  });

  it('clips to the requested period', () => {
    const open = openIntervals(DEFAULT, ZONE, new Date('2025-03-08T10:00:00Z'), new Date('2025-03-08T13:00:00Z'));
    expect(iso(open)).toEqual([
      ['2025-03-08T10:00:00.000Z', '2025-03-08T11:30:00.000Z'],
      ['2025-03-08T12:30:00.000Z', '2025-03-08T13:00:00.000Z'],
    ]);
    expect(openIntervals(DEFAULT, ZONE, new Date('2025-03-09T00:00:00Z'), new Date('2025-03-08T00:00:00Z'))).toEqual([]);
  });

  it('keeps wall-clock times across the spring-forward Sunday (30 March 2025: a 23-hour day)', () => {
    const allWeek: OpeningHours = {
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [['09:00', '18:00']], sun: [['00:00', '24:00']] },
      closures: [],
    };
    const open = openIntervals(allWeek, ZONE, new Date('2025-03-29T00:00:00Z'), new Date('2025-03-31T00:00:00Z'));
    expect(iso(open)).toEqual([
      ['2025-03-29T08:00:00.000Z', '2025-03-29T17:00:00.000Z'], // Saturday, UTC+1
      ['2025-03-29T23:00:00.000Z', '2025-03-30T22:00:00.000Z'], // Sunday: midnight +01:00 to midnight +02:00
    ]);
    expect(totalHours(open)).toBe(9 + 23);
  });

  it('counts 25 hours on the fall-back Sunday (26 October 2025) and 9 h on a 09:00–18:00 Monday after it', () => {
    const hours: OpeningHours = {
      weekly: { mon: [['09:00', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['00:00', '24:00']] },
      closures: [],
    };
    const open = openIntervals(hours, ZONE, new Date('2025-10-25T00:00:00Z'), new Date('2025-10-28T00:00:00Z'));
    expect(iso(open)).toEqual([
      ['2025-10-25T22:00:00.000Z', '2025-10-26T23:00:00.000Z'],
      ['2025-10-27T08:00:00.000Z', '2025-10-27T17:00:00.000Z'], // 09:00 is now UTC+1
    ]);
    expect(totalHours(open)).toBe(25 + 9);
  });

  it('a range starting in the skipped hour begins when the clocks resume', () => {
    const hours: OpeningHours = {
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['02:30', '04:00']] },
      closures: [],
    };
    const open = openIntervals(hours, ZONE, new Date('2025-03-29T00:00:00Z'), new Date('2025-03-31T00:00:00Z'));
    expect(iso(open)).toEqual([['2025-03-30T01:30:00.000Z', '2025-03-30T02:00:00.000Z']]); // 03:30–04:00 CEST
  });

  it('removes whole-day closures (to included) and partial closures given as instants', () => {
    const hours: OpeningHours = {
      ...DEFAULT,
      closures: [
        { from: '2025-03-11', to: '2025-03-12', reason: 'Inventaire' }, // Tuesday and Wednesday
        { from: '2025-03-13T15:00:00.000Z', to: '2025-03-13T16:00:00.000Z', reason: null }, // Thursday 16:00–17:00 local
      ],
    };
    const open = openIntervals(hours, ZONE, new Date('2025-03-11T00:00:00+01:00'), new Date('2025-03-14T00:00:00+01:00'));
    expect(iso(open)).toEqual([
      ['2025-03-13T08:00:00.000Z', '2025-03-13T11:30:00.000Z'],
      ['2025-03-13T12:30:00.000Z', '2025-03-13T15:00:00.000Z'],
      ['2025-03-13T16:00:00.000Z', '2025-03-13T17:00:00.000Z'],
    ]);
  });

  it('merges touching ranges so a booking across them counts as inside', () => {
    const hours: OpeningHours = {
      ...DEFAULT,
      weekly: { ...DEFAULT.weekly, tue: [['09:00', '12:30'], ['12:30', '18:00']] },
    };
    const open = openIntervals(hours, ZONE, new Date('2025-03-11T00:00:00+01:00'), new Date('2025-03-12T00:00:00+01:00'));
    expect(iso(open)).toEqual([['2025-03-11T08:00:00.000Z', '2025-03-11T17:00:00.000Z']]);
  });
});

/** openIntervals as it was written with luxon alone: the reference the fast version must equal. */
function openIntervalsWithLuxon(hours: OpeningHours, zone: string, from: Date, to: Date): TimeInterval[] {
  if (to.getTime() <= from.getTime()) return [];
  const localTime = (day: DateTime, minutes: number): Date =>
    minutes >= 1440
      ? day.plus({ days: 1 }).startOf('day').toJSDate()
      : DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: day.zone }).toJSDate();
  const raw: TimeInterval[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day');
  while (day.toMillis() < to.getTime()) {
    for (const [start, end] of hours.weekly[WEEKDAYS[day.weekday - 1]] ?? []) {
      raw.push({ start: localTime(day, minutesOf(start) ?? 0), end: localTime(day, minutesOf(end) ?? 0) });
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return subtract(clip(normalize(raw), from, to), hours.closures.map((c) => closureInterval(c, zone)));
}

describe('openIntervals equals the luxon computation', () => {
  // Ranges in the hours clocks skip or repeat (02:00–03:00 in Europe; midnight in Santiago and
  // Asunción), whole days, and a half-hour DST (Lord Howe).
  const tricky: OpeningHours = {
    weekly: {
      mon: [['00:00', '02:30'], ['02:45', '24:00']],
      tue: [['09:00', '12:30'], ['13:30', '18:00']],
      wed: [['01:30', '03:15']],
      thu: [],
      fri: [['00:00', '24:00']],
      sat: [['02:00', '02:15'], ['23:45', '24:00']],
      sun: [['00:00', '00:30'], ['02:15', '03:45'], ['12:00', '24:00']],
    },
    closures: [
      { from: '2025-10-24', to: '2025-10-25', reason: null },
      { from: '2026-03-28T10:00:00.000Z', to: '2026-03-29T02:30:00.000Z', reason: null },
      { from: '2019-01-01', to: '2019-01-02', reason: null },
    ],
  };
  const zones = ['Europe/Paris', 'America/New_York', 'America/Santiago', 'America/Asuncion', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];

  it.each(zones)('%s: 7- and 31-day windows over two years, starting at odd hours', (zone) => {
    let compared = 0;
    for (let start = Date.UTC(2025, 0, 1, 7, 45); start < Date.UTC(2027, 0, 1); start += 9 * 86_400_000 + 3_600_000 * 5) {
      for (const days of [7, 31]) {
        const from = new Date(start);
        const to = new Date(start + days * 86_400_000 - 37 * 60_000);
        for (const hours of [tricky, DEFAULT]) {
          expect(iso(openIntervals(hours, zone, from, to))).toEqual(iso(openIntervalsWithLuxon(hours, zone, from, to)));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});

describe('validateOpeningHours', () => {
  it('accepts and normalises a valid document: seven days, sorted ranges, UTC instants', () => {
    const { hours, errors } = validateOpeningHours(
      {
        weekly: { wed: [['13:30', '18:00'], ['09:00', '12:30']], sun: [['10:00', '24:00']] },
        closures: [
          { from: '2025-12-24', to: '2026-01-01', reason: ' Vacances ' },
          { from: '2025-06-12T14:00:00+02:00', to: '2025-06-12T18:00', reason: 'Réunion' },
        ],
      },
      ZONE,
    );
    expect(errors).toEqual([]);
    expect(hours.weekly).toEqual({
      mon: [], tue: [], wed: [['09:00', '12:30'], ['13:30', '18:00']], thu: [], fri: [], sat: [], sun: [['10:00', '24:00']],
    });
    expect(hours.closures).toEqual([
      { from: '2025-06-12T12:00:00.000Z', to: '2025-06-12T16:00:00.000Z', reason: 'Réunion' }, // local time without offset
      { from: '2025-12-24', to: '2026-01-01', reason: 'Vacances' },
    ]);
  });

  it('names every bad field', () => {
    const { errors } = validateOpeningHours(
      {
        weekly: {
          funday: [],
          mon: [['09:00', '08:00']],
          tue: [['09:00', '13:00'], ['12:00', '18:00']],
          wed: [['9h', '12:00']],
          thu: 'all day',
          fri: [['24:00', '24:00']],
          sat: [['09:00']],
        },
        closures: [{ from: '2025-03-10', to: '2025-03-09' }, { from: 'tomorrow', to: '2025-03-09' }, 'x'],
      },
      ZONE,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'weekly.funday',
      'weekly.mon[0]',
      'weekly.tue',
      'weekly.wed[0]',
      'weekly.thu',
      'weekly.fri[0]',
      'weekly.sat[0]',
      'closures[0].to',
      'closures[1].from',
      'closures[2]',
    ]);
    expect(validateOpeningHours({ weekly: [] }, ZONE).errors.map((e) => e.field)).toEqual(['weekly']);
    expect(validateOpeningHours({ weekly: {}, closures: {} }, ZONE).errors.map((e) => e.field)).toEqual(['closures']);
  });

  it('reads clock times', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('13:30')).toBe(810);
    expect(minutesOf('24:00')).toBe(1440);
    expect(minutesOf('24:30')).toBeNull();
    expect(minutesOf('7:30')).toBeNull();
    expect(minutesOf(730)).toBeNull();
  });
});
