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
});
