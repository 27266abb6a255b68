import { describe, expect, it } from '@jest/globals';
import { clip, covers, intersect, normalize, overlapMs, overlaps, subtract, totalHours, totalMs, union } from './intervals.js';

/** `iv(9, 12)` = 09:00–12:00 UTC on 2025-01-07; fractional hours allowed. */
const at = (hour: number) => new Date(Date.UTC(2025, 0, 7) + hour * 3_600_000);
const iv = (start: number, end: number) => ({ start: at(start), end: at(end) });
const hours = (list: { start: Date; end: Date }[]) =>
  list.map((i) => [(i.start.getTime() - at(0).getTime()) / 3_600_000, (i.end.getTime() - at(0).getTime()) / 3_600_000]);

describe('intervals', () => {
  it('normalize sorts, merges overlapping and touching intervals, drops empty and inverted ones', () => {
    expect(hours(normalize([iv(13, 14), iv(9, 10), iv(9.5, 11), iv(11, 12), iv(15, 15), iv(17, 16)]))).toEqual([
      [9, 12],
      [13, 14],
    ]);
    expect(normalize([])).toEqual([]);
  });

  it('normalize drops an interval with an invalid date, even from an otherwise sorted list', () => {
    const invalid = { start: new Date(Number.NaN), end: at(11) };
    expect(hours(normalize([iv(9, 10), invalid]))).toEqual([[9, 10]]);
    expect(totalHours([iv(9, 10), invalid])).toBe(1);
  });

  it('normalize does not mutate its input', () => {
    const input = [iv(10, 12), iv(9, 11)];
    normalize(input);
    expect(hours(input)).toEqual([
      [10, 12],
      [9, 11],
    ]);
  });

  it('intersect keeps the common instants only', () => {
    expect(hours(intersect([iv(9, 12.5), iv(13.5, 18)], [iv(12, 14)]))).toEqual([
      [12, 12.5],
      [13.5, 14],
    ]);
    expect(intersect([iv(9, 10)], [iv(10, 11)])).toEqual([]);
    expect(intersect([iv(9, 10)], [])).toEqual([]);
    expect(hours(intersect([iv(0, 24)], [iv(9, 10), iv(11, 12)]))).toEqual([
      [9, 10],
      [11, 12],
    ]);
  });

  it('subtract removes holes anywhere: start, middle, end, all', () => {
    expect(hours(subtract([iv(9, 18)], [iv(8, 10), iv(12, 13), iv(17, 19)]))).toEqual([
      [10, 12],
      [13, 17],
    ]);
    expect(subtract([iv(9, 18)], [iv(0, 24)])).toEqual([]);
    expect(hours(subtract([iv(9, 10), iv(11, 12)], []))).toEqual([
      [9, 10],
      [11, 12],
    ]);
    expect(hours(subtract([iv(9, 10), iv(11, 12)], [iv(9.5, 11.5)]))).toEqual([
      [9, 9.5],
      [11.5, 12],
    ]);
  });

  it('union, clip, totals', () => {
    expect(hours(union([iv(9, 10)], [iv(9.5, 11)], [iv(14, 15)]))).toEqual([
      [9, 11],
      [14, 15],
    ]);
    expect(hours(clip([iv(8, 12), iv(13, 20)], at(9), at(18)))).toEqual([
      [9, 12],
      [13, 18],
    ]);
    expect(totalHours([iv(9, 12.5), iv(13.5, 18)])).toBe(8);
    expect(totalHours([iv(9, 12), iv(10, 11)])).toBe(3); // overlap counted once
    expect(totalMs([])).toBe(0);
  });

  it('covers and overlaps', () => {
    expect(covers([iv(9, 12.5), iv(12.5, 18)], iv(12, 13))).toBe(true); // touching intervals merge
    expect(covers([iv(9, 12.5), iv(13.5, 18)], iv(12, 14))).toBe(false);
    expect(covers([], iv(9, 9))).toBe(true);
    expect(overlaps(iv(9, 10), iv(10, 11))).toBe(false);
    expect(overlaps(iv(9, 10.5), iv(10, 11))).toBe(true);
  });

  it('every operation agrees with counting quarter-hours, on sorted and shuffled random lists', () => {
    // A small deterministic generator: the same lists on every run.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const randomList = () =>
      Array.from({ length: random(12) }, () => {
        const start = random(96) / 4;
        return iv(start, start + random(16) / 4); // some empty
      });
    const quarters = (list: { start: Date; end: Date }[]) => {
      const set = new Set<number>();
      for (const [start, end] of hours(list)) for (let q = start * 4; q < end * 4; q++) set.add(q);
      return set;
    };
    const asList = (set: Set<number>) => [...set].sort((a, b) => a - b);
    for (let round = 0; round < 300; round++) {
      const a = randomList();
      const b = randomList();
      const [qa, qb] = [quarters(a), quarters(b)];
      // Normal lists take the fast path: the answer must not change.
      // Sorted but touching: each interval cut in two at a quarter-hour (not normal, must merge).
      const cut = normalize(a).flatMap((i) => {
        const middle = new Date(Math.ceil((i.start.getTime() + 1) / 900_000) * 900_000);
        return middle < i.end ? [{ start: i.start, end: middle }, { start: middle, end: i.end }] : [i];
      });
      for (const [left, right] of [[a, b], [normalize(a), normalize(b)], [[...normalize(a)].reverse(), normalize(b)], [cut, normalize(b)]]) {
        expect(asList(quarters(normalize(left)))).toEqual(asList(qa));
        expect(asList(quarters(intersect(left, right)))).toEqual(asList(new Set([...qa].filter((q) => qb.has(q)))));
        expect(asList(quarters(subtract(left, right)))).toEqual(asList(new Set([...qa].filter((q) => !qb.has(q)))));
        expect(totalHours(union(left, right))).toBe(new Set([...qa, ...qb]).size / 4);
        // Overlap without building it: sorted, touching, shuffled and overlapping inputs alike.
        expect(overlapMs(left, right) / 900_000).toBe([...qa].filter((q) => qb.has(q)).length);
        expect(overlapMs(right, left)).toBe(overlapMs(left, right));
        expect(normalize(left).length).toBe(normalize(a).length);
        // Every result is normal: intersect and subtract build theirs without a last normalize.
        for (const normal of [normalize(left), intersect(left, right), subtract(left, right), clip(left, at(3), at(17.5))]) {
          normal.forEach((interval, i) => {
            expect(interval.end.getTime()).toBeGreaterThan(interval.start.getTime());
            if (i > 0) expect(interval.start.getTime()).toBeGreaterThan(normal[i - 1].end.getTime());
          });
        }
      }
    }
  });
});
