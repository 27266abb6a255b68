import type { TestApp } from './test-app.js';

/**
 * Raw SQL for assertions on the rows themselves, written with PostgreSQL placeholders
 * (`$1`, `$2`) and run on either database.
 */
export async function rows<T = Record<string, unknown>>(t: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  const query = t.dataSource.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?');
  return t.dataSource.query(query, params);
}

/** Booleans come back as 0/1 from SQLite. */
export const bool = (value: unknown): boolean | null => (value === null || value === undefined ? null : Boolean(Number(value)));
