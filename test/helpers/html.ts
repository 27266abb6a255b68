/**
 * Reading a rendered page as a person reads it, for the pages' e2e tests: the text of a
 * fragment, the part of the page under one heading, the items of a list. The pages are our own
 * server-rendered HTML (no nested lists in the parts read this way), so a few patterns do.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

const decode = (entity: string): string => {
  if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
  if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
  return NAMED[entity] ?? `&${entity};`;
};

/** The words of an HTML fragment: tags dropped, entities decoded, white space collapsed. */
export const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, entity: string) => decode(entity))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The HTML under the heading whose text is `heading`, up to the next heading of the same or a
 * higher level, or the end of <main>. Throws when the page has no such heading.
 */
export function section(html: string, heading: string): string {
  const headings = [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)];
  const index = headings.findIndex((h) => textOf(h[2]) === heading);
  if (index < 0) throw new Error(`no heading "${heading}" in the page (headings: ${headings.map((h) => textOf(h[2])).join(' | ')})`);
  const level = Number(headings[index][1]);
  const start = (headings[index].index as number) + headings[index][0].length;
  const next = headings.slice(index + 1).find((h) => Number(h[1]) <= level);
  const mainEnd = html.indexOf('</main>', start);
  const end = Math.min(next ? (next.index as number) : html.length, mainEnd < 0 ? html.length : mainEnd);
  return html.slice(start, end);
}

/** The inner HTML of each <li> of a fragment, in page order. */
export const listItems = (html: string): string[] => [...html.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]);

/** The text of each <li> of a fragment, in page order. */
export const itemTexts = (html: string): string[] => listItems(html).map(textOf);
