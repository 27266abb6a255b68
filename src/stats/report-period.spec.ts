import { describe, expect, it } from '@jest/globals';
import { reportPeriod } from './report-period.js';

const zone = 'Europe/Paris';
const now = new Date('2026-07-02T22:00:00Z');
const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe('reportPeriod', () => {
  it('defaults to the calendar year of now, in the zone, with the year before', () => {
    const period = reportPeriod(undefined, undefined, zone, now);
    expect(iso(period)).toEqual(['2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    expect(iso(period.previous)).toEqual(['2024-12-31T23:00:00.000Z', '2025-12-31T23:00:00.000Z']);
    expect(period.year).toBe(2026);
    expect(period.previous.year).toBe(2025);
  });

  it('a school year: local dates, to excluded; the year is the one it starts in', () => {
    const period = reportPeriod('2025-09-01', '2026-09-01', zone, now);
    expect(iso(period)).toEqual(['2025-08-31T22:00:00.000Z', '2026-08-31T22:00:00.000Z']);
    expect(period.year).toBe(2025);
    expect(iso(period.previous)).toEqual(['2024-08-31T22:00:00.000Z', '2025-08-31T22:00:00.000Z']);
  });

  it('one bound alone gives a year', () => {
    expect(iso(reportPeriod('2026-04-01', undefined, zone, now))).toEqual(['2026-03-31T22:00:00.000Z', '2027-03-31T22:00:00.000Z']);
    expect(iso(reportPeriod(undefined, '2026-04-01', zone, now))).toEqual(['2025-03-31T22:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });

  it('a leap day: one year earlier is 28 February', () => {
    const period = reportPeriod('2028-02-29', '2028-03-01', zone, now);
    expect(iso(period.previous)).toEqual(['2027-02-27T23:00:00.000Z', '2027-02-28T23:00:00.000Z']);
  });

  it.each([
    ['2026-13-01', '2027-01-01', 'from'],
    ['2026-01-01', 'tomorrow', 'to'],
    ['2026-03-01', '2026-03-01', 'to'],
    ['2026-03-01', '2026-02-01', 'to'],
    ['2024-01-01', '2025-01-02', 'to'],
  ])('refuses from=%s to=%s (%s)', (from, to, field) => {
    expect(() => reportPeriod(from, to, zone, now)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] }));
  });

  it('accepts a whole leap year', () => {
    expect(() => reportPeriod('2028-01-01', '2029-01-01', zone, now)).not.toThrow();
  });
});
