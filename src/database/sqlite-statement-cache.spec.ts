import { describe, expect, it } from '@jest/globals';
import sqlite3 from 'sqlite3';
import { StatementCachingDatabase } from './sqlite-statement-cache.js';

const open = () =>
  new Promise<StatementCachingDatabase>((resolve, reject) => {
    const db = new StatementCachingDatabase(':memory:', (error) => (error ? reject(error) : resolve(db)));
  });
const all = (db: sqlite3.Database, sql: string, params: unknown[]) =>
  new Promise<unknown[]>((resolve, reject) => db.all(sql, params, (error: Error | null, rows: unknown[]) => (error ? reject(error) : resolve(rows))));
/** A write through node-sqlite3's own `exec` (the read connections write nothing; the table is the test's). */
const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));

describe('StatementCachingDatabase', () => {
  it('answers as node-sqlite3 does: rows with new parameters each time, what changed in between, errors of preparing and running, then closes', async () => {
    const db = await open();
    await exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE); INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
    const byName = 'SELECT id FROM t WHERE name = ?';
    // The same SQL called together: one preparation, each call with its own parameters.
    expect(await Promise.all(['a', 'b', 'c', 'x'].map((name) => all(db, byName, [name])))).toEqual([[{ id: 1 }], [{ id: 2 }], [{ id: 3 }], []]);
    // A kept statement reads what was written since it was prepared.
    await exec(db, "UPDATE t SET name = name || '!'");
    expect(await all(db, byName, ['b!'])).toEqual([{ id: 2 }]);
    expect(await all(db, byName, ['b'])).toEqual([]);
    // An error while running (not preparing) reaches the caller; the statement stays usable.
    await expect(all(db, 'SELECT json(?) AS v', ['{nope'])).rejects.toThrow(/malformed JSON/);
    expect(await all(db, 'SELECT json(?) AS v', ['[1]'])).toEqual([{ v: '[1]' }]);
    // A statement that cannot be prepared reports its error to every caller, every time (none waits forever).
    await expect(Promise.all([all(db, 'SELECT nope FROM t', []), all(db, 'SELECT nope FROM t', [])])).rejects.toThrow(/no such column/);
    await expect(all(db, 'SELECT nope FROM t', [])).rejects.toThrow(/no such column/);
    // Kept statements are finalized before closing: SQLite refuses to close a connection that has some.
    await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  });
});
