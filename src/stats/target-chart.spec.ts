import { describe, expect, it } from '@jest/globals';
import { XMLValidator } from 'fast-xml-parser';
import { renderTargetChart } from './target-chart.js';

const monthly = [10, 30, 60, 95].map((cumulative, i) => ({ month: `2026-0${i + 1}`, newlyReached: 0, cumulative }));

describe('renderTargetChart', () => {
  const svg = renderTargetChart({
    stats: { year: 2026, target: 500, reached: 95, expectedToDate: 125, onTrack: false, monthly },
    elapsedFraction: 0.25,
  });

  it('is well-formed SVG with a title', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('<title id="title">Jeunes touchés en 2026 : 95 sur un objectif de 500</title>');
  });

  it('draws the pace line, the cumulative curve, twelve month ticks and today', () => {
    expect(svg).toMatch(/<g id="pace"><line /);
    const path = svg.match(/<path d="([^"]+)"/)![1];
    expect(path.split(/[ML]/).filter(Boolean)).toHaveLength(5); // 1 January + 4 months
    for (const month of ['janv.', 'févr.', 'juin', 'déc.']) expect(svg).toContain(`>${month}</text>`);
    expect(svg).toContain("aujourd'hui : 95 (attendu 125)");
  });

  it('has no today mark for a past year', () => {
    const past = renderTargetChart({
      stats: { year: 2025, target: 500, reached: 520, expectedToDate: 500, onTrack: true, monthly },
      elapsedFraction: 1,
    });
    expect(past).not.toContain('id="today"');
    expect(XMLValidator.validate(past)).toBe(true);
  });

  describe('labels stay inside the picture and apart, at any date', () => {
    const labelsOf = (svg: string) =>
      [...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)" text-anchor="(start|end)" font-size="12" fill="[^"]+">([^<]*(?:rythme|jeunes touchés \(|aujourd&#39;hui|aujourd'hui)[^<]*)<\/text>/g)].map(
        ([, x, y, anchor, text]) => {
          const width = text.length * 7;
          const left = anchor === 'start' ? Number(x) : Number(x) - width;
          return { text, left, right: left + width, top: Number(y) - 12, bottom: Number(y) + 3 };
        },
      );
    const cases = [
      { target: 500, reached: 413, expectedOf: (f: number) => Math.round(500 * f) },
      { target: 500, reached: 0, expectedOf: () => 0 },
      { target: 500, reached: 9999, expectedOf: (f: number) => Math.round(500 * f) },
      { target: 20, reached: 20, expectedOf: (f: number) => Math.round(20 * f) },
    ];

    it.each(cases)('target $target, reached $reached', ({ target, reached, expectedOf }) => {
      for (let day = 1; day < 365; day++) {
        const elapsedFraction = day / 365;
        const months = Math.ceil(elapsedFraction * 12);
        const curve = Array.from({ length: months }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, newlyReached: 0, cumulative: Math.round((reached * (i + 1)) / months) }));
        const svg = renderTargetChart({ stats: { year: 2026, target, reached, expectedToDate: expectedOf(elapsedFraction), onTrack: false, monthly: curve }, elapsedFraction });
        const labels = labelsOf(svg);
        expect(labels).toHaveLength(3);
        for (const label of labels) {
          if (label.left < 0 || label.right > 800 || label.top < 0 || label.bottom > 420) throw new Error(`day ${day}: "${label.text}" leaves the picture (${JSON.stringify(label)})`);
        }
        for (const [i, a] of labels.entries()) {
          for (const b of labels.slice(i + 1)) {
            const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
            if (!apart) throw new Error(`day ${day}: "${a.text}" overlaps "${b.text}"`);
          }
        }
      }
    });
  });
});
