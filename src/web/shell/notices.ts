/**
 * The sentence a page shows after a successful post (`?fait=<code>`), or null. Only the table's
 * own keys count: `?fait=constructor` or `?fait=__proto__` is no notice, not an inherited property.
 */
export function noticeFrom(table: Readonly<Record<string, string>>, code: unknown): string | null {
  return typeof code === 'string' && Object.hasOwn(table, code) ? table[code] : null;
}

/** A table's entry for a word from the address (an action, a code), or undefined — never an inherited property. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
