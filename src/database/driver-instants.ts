/**
 * A timestamp as a raw read returns it: a Date (PostgreSQL), epoch milliseconds (a query that
 * asked for them), or SQLite's UTC text
 * "YYYY-MM-DD HH:MM:SS.SSS" (the seconds' fraction optional). The text is read by position — the
 * reports turn tens of thousands of booking times into instants, and `new Date(text)` runs a
 * general date parser each time (a fifth of the machine figures' time) — and anything else goes
 * to `new Date`.
 */
export function instantOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  const fraction = text.length > 19 && text[19] === '.' ? text.slice(20) : '';
  if ((text.length === 19 || (fraction.length >= 1 && fraction.length <= 3)) && text[4] === '-' && text[10] === ' ' && text[13] === ':') {
    const ms = fraction ? Number(fraction.padEnd(3, '0')) : 0;
    const time = Date.UTC(
      Number(text.slice(0, 4)),
      Number(text.slice(5, 7)) - 1,
      Number(text.slice(8, 10)),
      Number(text.slice(11, 13)),
      Number(text.slice(14, 16)),
      Number(text.slice(17, 19)),
      ms,
    );
    if (!Number.isNaN(time)) return new Date(time);
  }
  return new Date(text.includes(' ') ? `${text.replace(' ', 'T')}Z` : text);
}
