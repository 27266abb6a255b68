import { describe, expect, it } from '@jest/globals';
import { MAX_SERIES_OCCURRENCES, recurrenceRule, seriesOccurrences } from './series-occurrences.js';

const ZONE = 'Europe/Paris';
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('seriesOccurrences', () => {
  it('keeps the local time across the spring daylight-saving change', () => {
    // Tuesday 2027-03-23 14:00 CET (UTC+1); DST starts Sunday 2027-03-28; then CEST (UTC+2).
    const first = new Date('2027-03-23T13:00:00Z');
    expect(iso(seriesOccurrences(first, { everyWeeks: 1, count: 3 }, ZONE))).toEqual([
      '2027-03-23T13:00:00.000Z',
      '2027-03-30T12:00:00.000Z',
      '2027-04-06T12:00:00.000Z',
    ]);
  });

  it('keeps the local time across the autumn change, every N weeks', () => {
    // Saturday 2026-10-17 09:30 CEST; DST ends 2026-10-25.
    const first = new Date('2026-10-17T07:30:00Z');
    expect(iso(seriesOccurrences(first, { everyWeeks: 2, count: 3 }, ZONE))).toEqual([
      '2026-10-17T07:30:00.000Z',
      '2026-10-31T08:30:00.000Z',
      '2026-11-14T08:30:00.000Z',
    ]);
  });

  it('stops at until, inclusive', () => {
    const first = new Date('2027-01-05T09:00:00Z'); // Tuesday 10:00 local
    expect(seriesOccurrences(first, { everyWeeks: 1, until: new Date('2027-01-19T09:00:00Z') }, ZONE)).toHaveLength(3);
    expect(seriesOccurrences(first, { everyWeeks: 1, until: new Date('2027-01-19T08:59:00Z') }, ZONE)).toHaveLength(2);
    expect(seriesOccurrences(first, { everyWeeks: 1, until: new Date('2027-01-04T00:00:00Z') }, ZONE)).toHaveLength(0);
  });

  it('returns one more than the maximum when the series is too long', () => {
    const first = new Date('2027-01-05T09:00:00Z');
    expect(seriesOccurrences(first, { everyWeeks: 1, count: MAX_SERIES_OCCURRENCES }, ZONE)).toHaveLength(MAX_SERIES_OCCURRENCES);
    expect(seriesOccurrences(first, { everyWeeks: 1, until: new Date('2030-01-01T00:00:00Z') }, ZONE)).toHaveLength(MAX_SERIES_OCCURRENCES + 1);
  });

  it('writes the rule in local time', () => {
    expect(recurrenceRule({ everyWeeks: 2, count: 10 }, ZONE)).toBe('FREQ=WEEKLY;INTERVAL=2;COUNT=10');
    expect(recurrenceRule({ everyWeeks: 1, until: new Date('2027-01-19T09:00:00Z') }, ZONE)).toBe('FREQ=WEEKLY;INTERVAL=1;UNTIL=20270119T100000');
  });
});
