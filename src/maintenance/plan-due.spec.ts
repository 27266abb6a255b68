import { describe, expect, it } from '@jest/globals';
import { assessPlan, byUrgency } from './plan-due.js';

const DAY = 86_400_000;
const last = new Date('2025-03-01T10:00:00Z');
const after = (ms: number) => new Date(last.getTime() + ms);
const days = (everyDays: number) => ({ everyDays, everyUsageHours: null, lastCompletedAt: last, lastCompletedUsageHours: 0 });
const hours = (everyUsageHours: number, lastCompletedUsageHours = 0) => ({
  everyDays: null,
  everyUsageHours,
  lastCompletedAt: last,
  lastCompletedUsageHours,
});

describe('assessPlan: calendar trigger (every 30 days)', () => {
  it.each([
    ['just before the due-soon window', 23 * DAY - 1, 'ok', '22 days of 30'],
    ['exactly 7 days ahead', 23 * DAY, 'due_soon', '23 days of 30'],
    ['just under', 30 * DAY - 1, 'due_soon', '29 days of 30'],
    ['exactly at', 30 * DAY, 'due', '30 days of 30'],
    ['over', 31 * DAY, 'due', '31 days of 30'],
  ])('%s', (_label, elapsed, status, reason) => {
    const result = assessPlan(days(30), 0, after(elapsed));
    expect(result.status).toBe(status);
    expect(result.reasons).toEqual([reason]);
    expect(result.dueAt?.toISOString()).toBe('2025-03-31T10:00:00.000Z');
    expect(result.usageHoursLeft).toBeNull();
  });

  it('never reports negative days when asked about a moment before the last completion', () => {
    expect(assessPlan(days(30), 0, after(-DAY))).toMatchObject({ status: 'ok', daysElapsed: 0, reasons: ['0 days of 30'] });
    expect(assessPlan(days(1), 0, after(DAY)).reasons).toEqual(['1 day of 1']);
  });
});

describe('assessPlan: usage trigger (every 10 h, last completed at 100 h)', () => {
  it.each([
    ['just before the last 10%', 108.99, 'ok', '8.9 h used of 10 h', 1.01],
    ['exactly 10% left', 109, 'due_soon', '9.0 h used of 10 h', 1],
    ['just under', 109.99, 'due_soon', '9.9 h used of 10 h', 0.01],
    ['exactly at', 110, 'due', '10.0 h used of 10 h', 0],
    ['over', 112, 'due', '12.0 h used of 10 h', -2],
  ])('%s', (_label, meter, status, reason, left) => {
    const result = assessPlan(hours(10, 100), meter, last);
    expect(result.status).toBe(status);
    expect(result.reasons).toEqual([reason]);
    expect(result.usageHoursLeft).toBeCloseTo(left, 6);
    expect(result.dueAt).toBeNull();
  });

  it('handles intervals whose 90% is not exact in binary (every 3 h: due soon at 2.7 h)', () => {
    expect(assessPlan(hours(3), 2.7, last).status).toBe('due_soon');
    expect(assessPlan(hours(2.5), 2.5, last).reasons).toEqual(['2.5 h used of 2.5 h']);
    expect(assessPlan(hours(10, 0.1), 0.4, last).reasons).toEqual(['0.3 h used of 10 h']);
  });
});

describe('assessPlan: both triggers, whichever comes first', () => {
  const both = { everyDays: 30, everyUsageHours: 10, lastCompletedAt: last, lastCompletedUsageHours: 0 };

  it('is due when the hours are reached even if the days are not, and names only what triggers', () => {
    expect(assessPlan(both, 12, after(5 * DAY))).toMatchObject({ status: 'due', reasons: ['12.0 h used of 10 h'] });
  });

  it('is due when the days are reached, and lists a trigger that is due soon too', () => {
    expect(assessPlan(both, 9.5, after(31 * DAY))).toMatchObject({
      status: 'due',
      reasons: ['31 days of 30', '9.5 h used of 10 h'],
    });
  });

  it('lists every trigger when nothing is due', () => {
    expect(assessPlan(both, 1, after(2 * DAY))).toMatchObject({ status: 'ok', reasons: ['2 days of 30', '1.0 h used of 10 h'] });
  });

  it('ranks by urgency then by the share consumed', () => {
    const a = assessPlan(both, 12, last); // due, 120%
    const b = assessPlan(both, 0, after(40 * DAY)); // due, 133%
    const c = assessPlan(both, 9.5, last); // due soon
    const d = assessPlan(both, 1, last); // ok
    expect([d, c, a, b].sort(byUrgency)).toEqual([b, a, c, d]);
  });
});
