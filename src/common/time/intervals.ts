/**
 * Half-open time intervals [start, end) and the set operations the features share: opening
 * hours, availability, downtime, utilisation. Every function accepts intervals in any order,
 * possibly overlapping, and returns a normalised list: sorted, disjoint, non-empty, with
 * touching intervals merged. Inputs are never mutated.
 */
export interface TimeInterval {
  start: Date;
  end: Date;
}

const HOUR_MS = 3_600_000;

/** True when the list already is what `normalize` returns: non-empty, sorted, apart. */
function isNormal(intervals: readonly TimeInterval[]): boolean {
  let previousEnd = -Infinity;
  for (const interval of intervals) {
    const start = interval.start.getTime();
    const end = interval.end.getTime();
    // `!(a > b)` rather than `a <= b`: an Invalid Date (NaN) sends the list to the slow path, which drops it.
    if (!(end > start) || !(start > previousEnd)) return false;
    previousEnd = end;
  }
  return true;
}

/** Sorted, non-empty and without a shared instant (touching allowed: back-to-back bookings). */
function isSortedApart(intervals: readonly TimeInterval[]): boolean {
  let previousEnd = -Infinity;
  for (const interval of intervals) {
    const start = interval.start.getTime();
    const end = interval.end.getTime();
    if (!(end > start) || !(start >= previousEnd)) return false;
    previousEnd = end;
  }
  return true;
}

/** Sorted, disjoint, non-empty; overlapping or touching intervals merged. */
export function normalize(intervals: readonly TimeInterval[]): TimeInterval[] {
  // Most lists are normal already (every function here returns normal lists, opening hours and
  // bookings come sorted): copying them is linear, where sorting and rebuilding every Date was
  // most of a yearly report's machine figures (thousands of intervals, many passes).
  if (isNormal(intervals)) return intervals.map((i) => ({ start: i.start, end: i.end }));
  const sorted = intervals
    .filter((i) => i.end.getTime() > i.start.getTime())
    .map((i) => ({ start: i.start.getTime(), end: i.end.getTime() }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const current of sorted) {
    const last = merged[merged.length - 1];
    if (last && current.start <= last.end) last.end = Math.max(last.end, current.end);
    else merged.push({ ...current });
  }
  return merged.map((i) => ({ start: new Date(i.start), end: new Date(i.end) }));
}

/** The instants that are in both lists. */
export function intersect(a: readonly TimeInterval[], b: readonly TimeInterval[]): TimeInterval[] {
  const left = normalize(a);
  const right = normalize(b);
  // Built normal: each piece lies inside one interval of each list, and both lists keep a gap
  // between their intervals, so pieces come sorted and apart — no second normalize. Bounds that
  // are an input's bound keep its Date (Dates are never mutated here): an availability request
  // clips a month of opening hours, where a fresh Date per bound was most of the work.
  const out: TimeInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const l = left[i];
    const r = right[j];
    const start = l.start.getTime() >= r.start.getTime() ? l.start : r.start;
    const end = l.end.getTime() <= r.end.getTime() ? l.end : r.end;
    if (end.getTime() > start.getTime()) out.push({ start, end });
    if (l.end.getTime() < r.end.getTime()) i++;
    else j++;
  }
  return out;
}

/** The instants of `from` that are not in `remove`. */
export function subtract(from: readonly TimeInterval[], remove: readonly TimeInterval[]): TimeInterval[] {
  const holes = normalize(remove);
  // Built normal, as in `intersect`: pieces of one interval are parted by (non-empty) holes,
  // pieces of two intervals by the gap between them. Bounds are the inputs' own Dates.
  const out: TimeInterval[] = [];
  for (const interval of normalize(from)) {
    let cursor = interval.start;
    const end = interval.end;
    for (const hole of holes) {
      if (hole.end.getTime() <= cursor.getTime()) continue;
      if (hole.start.getTime() >= end.getTime()) break;
      if (hole.start.getTime() > cursor.getTime()) out.push({ start: cursor, end: hole.start });
      if (hole.end.getTime() > cursor.getTime()) cursor = hole.end;
      if (cursor.getTime() >= end.getTime()) break;
    }
    if (cursor.getTime() < end.getTime()) out.push({ start: cursor, end });
  }
  return out;
}

/** The union of both lists. */
export function union(...lists: readonly TimeInterval[][]): TimeInterval[] {
  return normalize(lists.flat());
}

/** The part of the intervals inside [from, to). */
export function clip(intervals: readonly TimeInterval[], from: Date, to: Date): TimeInterval[] {
  return intersect(intervals, [{ start: from, end: to }]);
}

/** Total length in milliseconds, each instant counted once. */
export function totalMs(intervals: readonly TimeInterval[]): number {
  return normalize(intervals).reduce((sum, i) => sum + (i.end.getTime() - i.start.getTime()), 0);
}

/**
 * Length in milliseconds of the instants in both lists: what `totalMs(intersect(a, b))` gives,
 * walking the two lists once without building the intersection — a year of one machine's
 * bookings against its hours up, where each intermediate list was thousands of short-lived
 * objects and the garbage collector took a third of the machine figures' time.
 */
export function overlapMs(a: readonly TimeInterval[], b: readonly TimeInterval[]): number {
  const left = isSortedApart(a) ? a : normalize(a);
  const right = isSortedApart(b) ? b : normalize(b);
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const leftEnd = left[i].end.getTime();
    const rightEnd = right[j].end.getTime();
    const start = Math.max(left[i].start.getTime(), right[j].start.getTime());
    const end = Math.min(leftEnd, rightEnd);
    if (end > start) total += end - start;
    if (leftEnd < rightEnd) i++;
    else j++;
  }
  return total;
}

/** Total length in hours, each instant counted once. */
export function totalHours(intervals: readonly TimeInterval[]): number {
  return totalMs(intervals) / HOUR_MS;
}

/** True when every instant of `interval` is in `intervals`. An empty interval is covered. */
export function covers(intervals: readonly TimeInterval[], interval: TimeInterval): boolean {
  return subtract([interval], intervals).length === 0;
}

/** True when the two intervals share at least one instant (touching ends do not overlap). */
export function overlaps(a: TimeInterval, b: TimeInterval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}
