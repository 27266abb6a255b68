import type { TargetStats } from './target-stats.js';

const MONTHS_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const WIDTH = 800;
const HEIGHT = 420;
const MARGIN = { top: 56, right: 32, bottom: 56, left: 56 };

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const niceStep = (max: number) => {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? power * 10;
};

/**
 * A label's width is estimated, not measured (no font engine on the server): 7 px per character
 * at 12 px is above the average advance of common sans-serif fonts (digits and lower case are
 * about 6.7 px), so a label placed with this estimate fits in the real picture.
 */
const CHAR_WIDTH = 7;
const LABEL_HEIGHT = 14;
const EDGE = 4;

interface Label {
  text: string;
  /** The point the label belongs to, and the gap to keep from it. */
  x: number;
  y: number;
  gap: number;
  /** The side preferred: text after the point (`start`) or before it (`end`). */
  anchor: 'start' | 'end';
  colour: string;
}

interface PlacedLabel extends Label {
  left: number;
  right: number;
}

/**
 * Puts each label on its preferred side of its point, or the other side when it would leave the
 * picture (today's mark in December, the curve's end in January), then moves it down a line at a
 * time (up when there is no room below) until it overlaps no label placed before it.
 */
export function placeLabels(labels: Label[], width: number, top: number, bottom: number): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const label of labels) {
    const w = label.text.length * CHAR_WIDTH;
    const span = (anchor: 'start' | 'end') =>
      anchor === 'start' ? [label.x + label.gap, label.x + label.gap + w] : [label.x - label.gap - w, label.x - label.gap];
    let anchor = label.anchor;
    let [left, right] = span(anchor);
    if (left < EDGE || right > width - EDGE) {
      const other = anchor === 'start' ? 'end' : 'start';
      const [l2, r2] = span(other);
      if (l2 >= EDGE && r2 <= width - EDGE) [anchor, left, right] = [other, l2, r2];
    }
    // Still too wide for either side: slide it inside the picture.
    const shift = left < EDGE ? EDGE - left : right > width - EDGE ? width - EDGE - right : 0;
    left += shift;
    right += shift;
    const overlaps = (y: number) => placed.some((p) => left < p.right && p.left < right && Math.abs(p.y - y) < LABEL_HEIGHT);
    let y = Math.min(Math.max(label.y, top + LABEL_HEIGHT), bottom);
    for (let step = 1; overlaps(y) && step < 40; step++) {
      const down = label.y + step * LABEL_HEIGHT;
      const up = label.y - step * LABEL_HEIGHT;
      y = down <= bottom && !overlaps(down) ? down : up >= top + LABEL_HEIGHT && !overlaps(up) ? up : y;
    }
    placed.push({ ...label, anchor, y, left, right, x: anchor === 'start' ? left : right });
  }
  return placed;
}

const labelSvg = (label: PlacedLabel) =>
  `<text x="${label.x.toFixed(1)}" y="${label.y.toFixed(1)}" text-anchor="${label.anchor}" font-size="12" fill="${label.colour}">${escapeXml(label.text)}</text>`;

export interface ChartInput {
  stats: Pick<TargetStats, 'year' | 'target' | 'reached' | 'expectedToDate' | 'onTrack' | 'monthly'>;
  /** Share of the year elapsed at the moment shown (0 to 1); draws the "today" mark when < 1. */
  elapsedFraction: number;
}

/**
 * The cumulative number of young people reached, month by month, against the straight line of
 * the target's pace (0 on 1 January to the target on 31 December), with month ticks and today's
 * mark. Plain SVG 1.1, readable without a legend: the two lines are labelled at their ends.
 */
export function renderTargetChart({ stats, elapsedFraction }: ChartInput): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = Math.max(stats.target, stats.reached, 1);
  const step = niceStep(top);
  const yMax = Math.ceil((top * 1.08) / step) * step;
  const x = (fraction: number) => MARGIN.left + fraction * plotW;
  const y = (value: number) => MARGIN.top + plotH - (value / yMax) * plotH;
  const fmt = (n: number) => n.toFixed(1);

  // Cumulative curve: 0 on 1 January, then the total at the end of each month shown; the
  // current month ends at today.
  const points: Array<[number, number]> = [[0, 0]];
  stats.monthly.forEach((month, i) => {
    const end = Math.min((i + 1) / 12, elapsedFraction);
    points.push([end, month.cumulative]);
  });
  const curve = points.map(([f, v], i) => `${i === 0 ? 'M' : 'L'}${fmt(x(f))},${fmt(y(v))}`).join(' ');

  const grid: string[] = [];
  for (let value = 0; value <= yMax; value += step) {
    grid.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fmt(y(value))}" y2="${fmt(y(value))}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 8}" y="${fmt(y(value) + 4)}" text-anchor="end" font-size="12" fill="#4b5563">${value}</text>`,
    );
  }
  const ticks = MONTHS_FR.map((label, i) => {
    const at = x(i / 12);
    return (
      `<line x1="${fmt(at)}" x2="${fmt(at)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 6}" stroke="#6b7280"/>` +
      `<text x="${fmt(x((i + 0.5) / 12))}" y="${MARGIN.top + plotH + 22}" text-anchor="middle" font-size="12" fill="#4b5563">${label}</text>`
    );
  });

  const showToday = elapsedFraction > 0 && elapsedFraction < 1;
  const last = points[points.length - 1];
  const colour = stats.onTrack ? '#15803d' : '#c2410c';
  const title = `Jeunes touchés en ${stats.year} : ${stats.reached} sur un objectif de ${stats.target}`;
  const [paceLabel, reachedLabel, todayLabel] = placeLabels(
    [
      { text: `rythme de l'objectif (${stats.target})`, x: x(1), y: y(stats.target) - 8, gap: 4, anchor: 'end', colour: '#2563eb' },
      { text: `jeunes touchés (${stats.reached})`, x: x(last[0]), y: y(last[1]) - 10, gap: 6, anchor: 'end', colour },
      ...(showToday
        ? [{ text: `aujourd'hui : ${stats.reached} (attendu ${stats.expectedToDate})`, x: x(elapsedFraction), y: MARGIN.top + 14, gap: 4, anchor: 'start' as const, colour: '#111827' }]
        : []),
    ],
    WIDTH,
    MARGIN.top - LABEL_HEIGHT,
    MARGIN.top + plotH - 4,
  );
  const today = showToday
    ? `<g id="today"><line x1="${fmt(x(elapsedFraction))}" x2="${fmt(x(elapsedFraction))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#111827" stroke-dasharray="4 4"/>` +
      `${labelSvg(todayLabel)}</g>`
    : '';

  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="title desc" font-family="sans-serif">
<title id="title">${escapeXml(title)}</title>
<desc id="desc">${escapeXml(`Courbe cumulée des jeunes touchés mois par mois, comparée à la droite du rythme nécessaire pour atteindre ${stats.target} au 31 décembre.`)}</desc>
<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>
<text x="${MARGIN.left}" y="28" font-size="18" font-weight="bold" fill="#111827">${escapeXml(title)}</text>
${grid.join('\n')}
<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#6b7280"/>
${ticks.join('\n')}
<g id="pace"><line x1="${fmt(x(0))}" y1="${fmt(y(0))}" x2="${fmt(x(1))}" y2="${fmt(y(stats.target))}" stroke="#2563eb" stroke-width="2" stroke-dasharray="8 6"/>
${labelSvg(paceLabel)}</g>
<g id="reached"><path d="${curve}" fill="none" stroke="${colour}" stroke-width="3" stroke-linejoin="round"/>
<circle cx="${fmt(x(last[0]))}" cy="${fmt(y(last[1]))}" r="4" fill="${colour}"/>
${labelSvg(reachedLabel)}</g>
${today}
</svg>
`;
}
