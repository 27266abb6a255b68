import { describe, expect, it } from '@jest/globals';
import { ageBand, targetFigures } from './target-arithmetic.js';

describe('targetFigures', () => {
  it('on the current year: pace, projection and on-track', () => {
    // 146 of 365 days elapsed (0.4): 200 expected of 500; 190 reached → 475 projected, behind.
    expect(targetFigures(190, 500, { phase: 'current', elapsedFraction: 0.4 })).toEqual({
      percent: 38,
      expectedToDate: 200,
      projectedYearEnd: 475,
      onTrack: false,
    });
    expect(targetFigures(200, 500, { phase: 'current', elapsedFraction: 0.4 }).onTrack).toBe(true);
  });

  it('percent has one decimal', () => {
    expect(targetFigures(1, 3, { phase: 'past', elapsedFraction: 1 }).percent).toBe(33.3);
    expect(targetFigures(2, 3, { phase: 'past', elapsedFraction: 1 }).percent).toBe(66.7);
  });

  it('a past year expects the whole target and projects what was reached', () => {
    expect(targetFigures(612, 500, { phase: 'past', elapsedFraction: 1 })).toEqual({
      percent: 122.4,
      expectedToDate: 500,
      projectedYearEnd: 612,
      onTrack: true,
    });
  });

  it('a future year expects nothing yet', () => {
    expect(targetFigures(0, 500, { phase: 'future', elapsedFraction: 0 })).toEqual({
      percent: 0,
      expectedToDate: 0,
      projectedYearEnd: 0,
      onTrack: true,
    });
  });
});

describe('ageBand', () => {
  it.each([
    [2012, '<15'],
    [2011, '15-17'],
    [2009, '15-17'],
    [2008, '18-25'],
    [2001, '18-25'],
    [2000, '26+'],
  ])('born %i → %s in 2026', (birthYear, band) => {
    expect(ageBand(2026, birthYear)).toBe(band);
  });
});
