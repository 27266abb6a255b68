import { describe, expect, it } from '@jest/globals';
import { instantOf } from './driver-instants.js';

describe('instantOf', () => {
  it('reads SQLite UTC text as the general parser does, with and without milliseconds', () => {
    for (const text of ['2026-03-10 08:00:00.000', '2026-12-31 23:59:59.999', '2024-02-29 12:34:56', '1999-01-01 00:00:00.5']) {
      expect(instantOf(text).toISOString()).toBe(new Date(`${text.replace(' ', 'T')}Z`).toISOString());
    }
  });

  it('keeps Dates, and leaves other text to the general parser', () => {
    const date = new Date('2026-03-10T08:00:00Z');
    expect(instantOf(date)).toBe(date);
    expect(instantOf(Date.UTC(2026, 2, 10, 8)).toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(instantOf('2026-03-10T08:00:00.000Z').toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(Number.isNaN(instantOf('not a date').getTime())).toBe(true);
  });
});
