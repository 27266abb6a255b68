import { describe, expect, it } from '@jest/globals';
import { calendarYear, monthLabel, yearOf } from './calendar-year.js';

const PARIS = 'Europe/Paris';

describe('calendarYear', () => {
  it('bounds a year at local midnight on 1 January', () => {
    const year = calendarYear(2026, PARIS, new Date('2026-06-01T00:00:00Z'));
    expect(year.start.toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(year.end.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(year.monthStarts).toHaveLength(13);
    expect(year.monthStarts[3].toISOString()).toBe('2026-03-31T22:00:00.000Z'); // April, summer time
    expect(year.phase).toBe('current');
  });

  it('31 December 23:30 in Paris is still that year; 00:30 on 1 January is the next', () => {
    expect(yearOf(new Date('2026-12-31T22:30:00Z'), PARIS)).toBe(2026);
    expect(yearOf(new Date('2026-12-31T23:30:00Z'), PARIS)).toBe(2027);
    expect(monthLabel(new Date('2026-12-31T22:30:00Z'), PARIS)).toBe('2026-12');
  });

  it('elapsed fraction: 0 for a future year, 1 for a past one, days elapsed over days in year now', () => {
    const now = new Date('2026-07-02T22:00:00Z'); // 3 July 00:00 in Paris: 183 days elapsed of 365
    expect(calendarYear(2027, PARIS, now)).toMatchObject({ phase: 'future', elapsedFraction: 0 });
    expect(calendarYear(2025, PARIS, now)).toMatchObject({ phase: 'past', elapsedFraction: 1 });
    expect(calendarYear(2026, PARIS, now).elapsedFraction).toBeCloseTo(183 / 365, 10);
    expect(calendarYear(2028, PARIS, new Date('2028-12-31T12:00:00Z')).elapsedFraction).toBeCloseTo(365.5 / 366, 3);
  });
});
