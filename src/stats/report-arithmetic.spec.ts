import { describe, expect, it } from '@jest/globals';
import { costPerYoungPerson, percent, periodBudget, quartiles } from './report-arithmetic.js';

const zone = 'Europe/Paris';

describe('report arithmetic', () => {
  it('percent: one decimal, null without a whole', () => {
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(0, 4)).toBe(0);
    expect(percent(3, 0)).toBeNull();
  });

  it('quartiles: linear interpolation (QUARTILE.INC), order of input irrelevant', () => {
    expect(quartiles([])).toBeNull();
    expect(quartiles([5])).toEqual({ q1: 5, median: 5, q3: 5 });
    expect(quartiles([4, 1, 3, 2])).toEqual({ q1: 1.75, median: 2.5, q3: 3.25 });
    expect(quartiles([1, 2, 3, 4, 5])).toEqual({ q1: 2, median: 3, q3: 4 });
    expect(quartiles([1, 1, 10])).toEqual({ q1: 1, median: 1, q3: 5.5 });
  });

  describe('periodBudget', () => {
    const paris = (date: string) => new Date(`${date}T00:00:00${date.slice(5, 7) >= '04' && date.slice(5, 7) <= '10' ? '+02:00' : '+01:00'}`);
    const budgets = new Map([
      [2025, 36_500],
      [2026, 73_000],
    ]);

    it('a calendar year gets its budget', () => {
      expect(periodBudget(paris('2026-01-01'), paris('2027-01-01'), zone, budgets)).toBe(73_000);
    });

    it('a school year takes each year its share of days', () => {
      // 2025-09-01 → 2026-01-01: 122 of 365 days of 36 500; 2026-01-01 → 2026-09-01: 243 of 365 days of 73 000.
      expect(periodBudget(paris('2025-09-01'), paris('2026-09-01'), zone, budgets)).toBe(12_200 + 48_600);
    });

    it('a quarter across a daylight-saving change counts calendar days', () => {
      // 1 January → 1 April 2026: 90 days of 365.
      expect(periodBudget(paris('2026-01-01'), paris('2026-04-01'), zone, budgets)).toBe(18_000);
    });

    it('null when a year it touches has no budget', () => {
      expect(periodBudget(paris('2026-09-01'), paris('2027-09-01'), zone, budgets)).toBeNull();
    });
  });

  it('cost per young person, to the cent', () => {
    expect(costPerYoungPerson(1000, 3)).toBe(333.33);
    expect(costPerYoungPerson(null, 3)).toBeNull();
    expect(costPerYoungPerson(1000, 0)).toBeNull();
  });
});
