import { describe, expect, it } from '@jest/globals';
import sqlite3 from 'sqlite3';
import { StatementCachingDatabase } from './sqlite-statement-cache.js';

const open = () =>
  new Promise<StatementCachingDatabase>((resolve, reject) => {
    const db = new StatementCachingDatabase(':memory:', (error) => (error ? reject(error) : resolve(db)));
  });
const all = (db: sqlite3.Database, sql: string, params: unknown[]) =>
  new Promise<unknown[]>((resolve, reject) => db.all(sql, params, (error: Error | null, rows: unknown[]) => (error ? reject(error) : resolve(rows))));
const run = (db: sqlite3.Database, sql: string, params: unknown[]) =>
  new Promise<{ lastID: number; changes: number }>((resolve, reject) =>
    db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
      if (error) reject(error);
      else resolve({ lastID: this.lastID, changes: this.changes });
    }),
  );

describe('StatementCachingDatabase', () => {
  it('answers as node-sqlite3 does: rows with new parameters each time, lastID and changes, errors of preparing and running, then closes', async () => {
    const db = await open();
    await run(db, 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)', []);
    const insert = 'INSERT INTO t (name) VALUES (?)';
    expect(await run(db, insert, ['a'])).toEqual({ lastID: 1, changes: 1 });
    expect(await run(db, insert, ['b'])).toEqual({ lastID: 2, changes: 1 });
    await expect(run(db, insert, ['a'])).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    expect(await run(db, insert, ['c'])).toEqual({ lastID: 3, changes: 1 });
    const byName = 'SELECT id FROM t WHERE name = ?';
    // The same SQL called together: one preparation, each call with its own parameters.
    expect(await Promise.all(['a', 'b', 'c', 'x'].map((name) => all(db, byName, [name])))).toEqual([[{ id: 1 }], [{ id: 2 }], [{ id: 3 }], []]);
    expect(await run(db, 'UPDATE t SET name = name || ?', ['!'])).toMatchObject({ changes: 3 });
    expect(await all(db, byName, ['b!'])).toEqual([{ id: 2 }]);
    // A statement that cannot be prepared reports its error to every caller, every time (none waits forever).
    await expect(Promise.all([all(db, 'SELECT nope FROM t', []), all(db, 'SELECT nope FROM t', [])])).rejects.toThrow(/no such column/);
    await expect(all(db, 'SELECT nope FROM t', [])).rejects.toThrow(/no such column/);
    // Kept statements are finalized before closing: SQLite refuses to close a connection that has some.
    await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  });
});
