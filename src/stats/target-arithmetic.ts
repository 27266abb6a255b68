import type { CalendarYear } from './calendar-year.js';

export interface TargetFigures {
  percent: number;
  expectedToDate: number;
  projectedYearEnd: number;
  onTrack: boolean;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * The contract's definitions: percent = reached / target × 100 (one decimal); expectedToDate =
 * round(target × elapsed days / days in year) (target for a past year, 0 for a future one);
 * projectedYearEnd = round(reached / elapsed fraction) this year, reached for a past one (and 0
 * for a future one); onTrack = reached ≥ expectedToDate.
 */
export function targetFigures(reached: number, target: number, year: Pick<CalendarYear, 'elapsedFraction' | 'phase'>): TargetFigures {
  const expectedToDate = Math.round(target * year.elapsedFraction);
  let projectedYearEnd: number;
  if (year.phase === 'past') projectedYearEnd = reached;
  else if (year.phase === 'future' || year.elapsedFraction === 0) projectedYearEnd = reached;
  else projectedYearEnd = Math.round(reached / year.elapsedFraction);
  return {
    percent: target > 0 ? oneDecimal((reached / target) * 100) : 0,
    expectedToDate,
    projectedYearEnd,
    onTrack: reached >= expectedToDate,
  };
}

export const AGE_BANDS = ['<15', '15-17', '18-25', '26+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Age band from the year of the statistics minus the birth year. */
export function ageBand(year: number, birthYear: number): AgeBand {
  const age = year - birthYear;
  if (age < 15) return '<15';
  if (age <= 17) return '15-17';
  if (age <= 25) return '18-25';
  return '26+';
}
