import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { RawReader } from '../src/database/raw-reader.service.js';
import { SqliteReadConnections } from '../src/database/sqlite-read-connections.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { createTestApp, onPostgres, sqliteFileDatabase, type TestApp } from './helpers/test-app.js';

// Raw reads outside a transaction read an SQLite file through read-only connections of their own (RawReader.rows):
// what is committed, never another request's open transaction, their own transaction's writes
// when they run inside one. PostgreSQL has no such connections: its pool does that already.
describe('raw reads (RawReader.rows)', () => {
  let t: TestApp;
  let raw: RawReader;
  let tx: TransactionRunner;
  const file = sqliteFileDatabase();

  beforeAll(async () => {
    t = await createTestApp(file.env);
    raw = t.app.get(RawReader);
    tx = t.app.get(TransactionRunner);
  });

  afterAll(async () => {
    await t.close();
    file.remove();
  });

  const partnerNamed = (name: string) => raw.rows<{ name: string }>('SELECT name FROM partners WHERE name = :name', { name });

  it('runs on read connections of its own on an SQLite file, not on PostgreSQL', () => {
    expect(t.app.get(SqliteReadConnections).available).toBe(!onPostgres());
  });

  it("never sees another request's uncommitted writes, sees them once committed, and sees its own inside a transaction", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    let seenInside: Array<{ name: string }> = [];

    const writing = tx.run(async () => {
      await tx.manager.getRepository(Partner).insert({ id: randomUUID(), name: 'Pas encore validé', nameKey: 'PAS ENCORE VALIDE', kind: 'association' });
      seenInside = await partnerNamed('Pas encore validé');
      inserted();
      await held;
    });
    await Promise.race([insertedYet, writing]);
    // Outside the transaction (another request): the open transaction's row is not there yet.
    const seenOutside = await partnerNamed('Pas encore validé');
    release();
    await writing;

    expect(seenInside).toEqual([{ name: 'Pas encore validé' }]);
    if (!onPostgres()) expect(seenOutside).toEqual([]);
    expect(await partnerNamed('Pas encore validé')).toEqual([{ name: 'Pas encore validé' }]);
  });

  it('binds dates, booleans and lists as the shared connection does', async () => {
    await tx.run(() => tx.manager.getRepository(Partner).insert([{ id: randomUUID(), name: 'Lié A', nameKey: 'LIE A', kind: 'school' }, { id: randomUUID(), name: 'Lié B', nameKey: 'LIE B', kind: 'school' }]));
    const sql = `SELECT name FROM partners WHERE name IN (:...names) AND created_at < :before AND (1 = 1) = :yes ORDER BY name`;
    const parameters = { names: ['Lié A', 'Lié B', 'Absent'], before: new Date(Date.now() + 60_000), yes: true };
    const outside = await raw.rows(sql, parameters);
    expect(outside).toEqual([{ name: 'Lié A' }, { name: 'Lié B' }]);
    // The same statement through the shared connection (inside a transaction).
    expect(outside).toEqual(await tx.run(() => raw.rows(sql, parameters)));
  });

  it('reports a bad statement as an error, like the shared connection', async () => {
    await expect(raw.rows('SELECT missing_column FROM missing_table')).rejects.toThrow(/no such table|does not exist/);
  });
});

(onPostgres() ? describe.skip : describe)('read connections at shutdown', () => {
  it('close before the shared connection, which then removes the write-ahead log and its index', async () => {
    const file = sqliteFileDatabase();
    try {
      const t = await createTestApp(file.env);
      const raw = t.app.get(RawReader);
      await t.app.get(TransactionRunner).run(() => t.app.get(TransactionRunner).manager.getRepository(Partner).insert({ id: randomUUID(), name: 'Avant fermeture', nameKey: 'AVANT FERMETURE', kind: 'school' }));
      expect(await raw.rows('SELECT name FROM partners WHERE name = :name', { name: 'Avant fermeture' })).toEqual([{ name: 'Avant fermeture' }]);
      const databaseFile = file.env.DATABASE_URL.slice('sqlite:'.length);
      expect(existsSync(`${databaseFile}-wal`)).toBe(true);

      await t.close();

      expect({ wal: existsSync(`${databaseFile}-wal`), shm: existsSync(`${databaseFile}-shm`) }).toEqual({ wal: false, shm: false });
    } finally {
      file.remove();
    }
  });
});

(onPostgres() ? describe.skip : describe)('raw reads on an in-memory SQLite database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('use the shared connection (another connection would open another, empty, database)', async () => {
    expect(t.app.get(SqliteReadConnections).available).toBe(false);
    const rows = await t.app.get(RawReader).rows<{ n: number | string }>('SELECT COUNT(*) AS n FROM users');
    expect(Number(rows[0].n)).toBeGreaterThan(0);
  });
});

/** The few calls of better-sqlite3's connection this spec makes (the module ships no types). */
interface OtherConnection {
  exec(sql: string): void;
  prepare(sql: string): { get(): unknown };
  close(): void;
}
const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { readonly: boolean }) => OtherConnection;

(onPostgres() ? describe.skip : describe)("the log's checkpoint while another process reads the file", () => {
  it('gives up after a few tries without holding the process meanwhile, and truncates the log once the reader is gone', async () => {
    const file = sqliteFileDatabase();
    const databaseFile = file.env.DATABASE_URL.slice('sqlite:'.length);
    const t = await createTestApp(file.env);
    // Another process's connection (the sqlite3 shell, a backup tool) in the middle of a read.
    // better-sqlite3 (the shared connection's module), whose read transaction holds its snapshot
    // until COMMIT, as the sqlite3 shell's does.
    const other = new BetterSqlite3(databaseFile, { readonly: true });
    try {
      const tx = t.app.get(TransactionRunner);
      other.exec('BEGIN');
      other.prepare('SELECT COUNT(*) AS n FROM partners').get();
      await tx.run(() => tx.manager.getRepository(Partner).insert({ id: randomUUID(), name: 'Pendant la lecture', nameKey: 'PENDANT LA LECTURE', kind: 'school' }));

      // The shared connection runs on the main thread: waiting for the reader there would hold every request.
      let longestGap = 0;
      let last = Date.now();
      const ticks = setInterval(() => {
        longestGap = Math.max(longestGap, Date.now() - last);
        last = Date.now();
      }, 5);
      const started = Date.now();
      await tx.checkpoint();
      clearInterval(ticks);
      expect({ tookUnderTwoSeconds: Date.now() - started < 2_000, longestGapUnder200ms: longestGap < 200 }).toEqual({ tookUnderTwoSeconds: true, longestGapUnder200ms: true });
      expect(statSync(`${databaseFile}-wal`).size).toBeGreaterThan(0);

      other.exec('COMMIT');
      await tx.checkpoint();
      expect(statSync(`${databaseFile}-wal`).size).toBe(0);
    } finally {
      other.close();
      await t.close();
      file.remove();
    }
  }, 60_000);
});
