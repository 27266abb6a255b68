import { DateTime } from 'luxon';

/** `part / whole × 100` with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

export const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/**
 * First quartile, median and third quartile by linear interpolation between the sorted values
 * (the "inclusive" method of Excel's QUARTILE.INC and R's default type 7), so that a funder who
 * recomputes them from the spreadsheet's per-person rows finds the same numbers. Null when empty.
 */
export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const position = (sorted.length - 1) * p;
    const below = Math.floor(position);
    const above = Math.ceil(position);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  };
  return { q1: roundTo(at(0.25), 2), median: roundTo(at(0.5), 2), q3: roundTo(at(0.75), 2) };
}

/**
 * The budget of a period from the yearly budgets (euros): each calendar year it overlaps
 * contributes its budget × the share of its days inside the period, so a calendar year gets its
 * budget, a school year four twelfths of one and eight of the next, a quarter about a quarter.
 * Null when a year the period touches has no budget: a partial sum would understate the cost.
 */
export function periodBudget(from: Date, to: Date, zone: string, budgets: ReadonlyMap<number, number>): number | null {
  const start = DateTime.fromJSDate(from, { zone });
  const end = DateTime.fromJSDate(to, { zone });
  let total = 0;
  for (let year = start.year; year <= end.minus({ milliseconds: 1 }).year; year++) {
    const amount = budgets.get(year);
    if (amount === undefined) return null;
    const yearStart = DateTime.fromObject({ year }, { zone });
    const yearEnd = yearStart.plus({ years: 1 });
    const overlapStart = start > yearStart ? start : yearStart;
    const overlapEnd = end < yearEnd ? end : yearEnd;
    // Calendar days, so that a daylight-saving day weighs like any other.
    const share = overlapEnd.diff(overlapStart, 'days').days / yearEnd.diff(yearStart, 'days').days;
    total += amount * share;
  }
  return roundTo(total, 2);
}

/** The budget divided by the young people reached, to the cent; null without a budget or anyone reached. */
export function costPerYoungPerson(budget: number | null, reached: number): number | null {
  return budget !== null && reached > 0 ? roundTo(budget / reached, 2) : null;
}
