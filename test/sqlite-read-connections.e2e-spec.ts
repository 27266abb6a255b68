import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { RawReader } from '../src/database/raw-reader.service.js';
import { SqliteReadConnections } from '../src/database/sqlite-read-connections.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { loginAdmin } from './helpers/auth.js';
import { createTestApp, onPostgres, sqliteFileDatabase, type TestApp } from './helpers/test-app.js';

// Raw reads outside a transaction read an SQLite file through read-only connections of their own (RawReader.rows):
// what is committed, never another request's open transaction, their own transaction's writes
// when they run inside one. PostgreSQL has no such connections: its pool does that already.
/**
 * What `read` gives inside a transaction that has made `write` and is still open, and from outside
 * it (another request) meanwhile; `meanwhile` runs after that outside read, before the transaction goes on.
 */
async function readsAroundOpenTransaction<T>(
  tx: TransactionRunner,
  write: () => Promise<unknown>,
  read: () => Promise<T>,
  meanwhile: () => unknown = () => undefined,
): Promise<{ inside: T; outside: T }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const writtenYet = new Promise<void>((resolve) => (written = resolve));
  let inside!: T;
  const writing = tx.run(async () => {
    await write();
    inside = await read();
    written();
    await held;
  });
  await Promise.race([writtenYet, writing]);
  const outside = await read();
  meanwhile();
  release();
  await writing;
  return { inside, outside };
}

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
    const seen = await readsAroundOpenTransaction(
      tx,
      () => tx.manager.getRepository(Partner).insert({ id: randomUUID(), name: 'Pas encore validé', nameKey: 'PAS ENCORE VALIDE', kind: 'association' }),
      () => partnerNamed('Pas encore validé'),
    );

    expect(seen.inside).toEqual([{ name: 'Pas encore validé' }]);
    // Outside the transaction (another request): the open transaction's row is not there yet.
    if (!onPostgres()) expect(seen.outside).toEqual([]);
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
    await expect(raw.rows('SELECT missing_column FROM missing_table', {}, { small: true })).rejects.toThrow(/no such table|does not exist/);
  });
});

// A `small` read (RawReadOptions.small: the session check, a machine's availability) runs at once on
// SQLite's shared connection when no transaction is open there, and on a read connection when one is.
(onPostgres() ? describe.skip : describe)('small raw reads (RawReader.rows, small)', () => {
  let t: TestApp;
  let raw: RawReader;
  let tx: TransactionRunner;
  let readsOnReadConnections: ReturnType<typeof jest.spyOn>;
  const file = sqliteFileDatabase();

  beforeAll(async () => {
    t = await createTestApp(file.env);
    raw = t.app.get(RawReader);
    tx = t.app.get(TransactionRunner);
    // Counted, not replaced: the reads still run there.
    readsOnReadConnections = jest.spyOn(t.app.get(SqliteReadConnections), 'all');
  });

  beforeEach(() => readsOnReadConnections.mockClear());

  afterAll(async () => {
    readsOnReadConnections.mockRestore();
    await t.close();
    file.remove();
  });

  const insertPartner = (name: string) => tx.manager.getRepository(Partner).insert({ id: randomUUID(), name, nameKey: name.toUpperCase(), kind: 'association' });
  const smallRead = (name: string) => raw.rows<{ name: string }>('SELECT name FROM partners WHERE name = :name', { name }, { small: true });

  it('reads on the shared connection when no transaction is open, what is committed', async () => {
    await tx.run(() => insertPartner('Lu tout de suite'));
    expect(await smallRead('Lu tout de suite')).toEqual([{ name: 'Lu tout de suite' }]);
    expect(readsOnReadConnections).not.toHaveBeenCalled();
  });

  it("never sees another request's uncommitted writes: while a transaction is open, it reads on a read connection", async () => {
    let readConnectionsMeanwhile = 0;
    const seen = await readsAroundOpenTransaction(
      tx,
      () => insertPartner('Pas encore écrit'),
      () => smallRead('Pas encore écrit'),
      () => (readConnectionsMeanwhile = readsOnReadConnections.mock.calls.length),
    );

    // Inside its own transaction, it reads through it (its own write included); another request,
    // while the transaction is open on the shared connection, does not see the row.
    expect(seen.inside).toEqual([{ name: 'Pas encore écrit' }]);
    expect(seen.outside).toEqual([]);
    expect(readConnectionsMeanwhile).toBe(1);
    expect(await smallRead('Pas encore écrit')).toEqual([{ name: 'Pas encore écrit' }]);
    expect(readsOnReadConnections).toHaveBeenCalledTimes(1);
  });

  it('gives the rows a read connection gives for the same statement, with dates, booleans and lists', async () => {
    await tx.run(() => Promise.all([insertPartner('Petit A'), insertPartner('Petit B')]));
    const sql = `SELECT name FROM partners WHERE name IN (:...names) AND created_at < :before AND (1 = 1) = :yes ORDER BY name`;
    const parameters = { names: ['Petit A', 'Petit B', 'Absent'], before: new Date(Date.now() + 60_000), yes: true };
    const small = await raw.rows(sql, parameters, { small: true });
    expect(readsOnReadConnections).not.toHaveBeenCalled();
    expect(small).toEqual([{ name: 'Petit A' }, { name: 'Petit B' }]);
    expect(small).toEqual(await raw.rows(sql, parameters));
  });

  it("outside its caller's own open transaction (tx.outside), reads on a read connection: not the transaction's writes", async () => {
    const seen = await tx.run(async () => {
      await insertPartner('Écrit juste avant');
      return tx.outside(() => smallRead('Écrit juste avant'));
    });
    expect(seen).toEqual([]);
    expect(readsOnReadConnections).toHaveBeenCalledTimes(1);
    expect(await smallRead('Écrit juste avant')).toEqual([{ name: 'Écrit juste avant' }]);
  });

  it('refuses a statement that writes, as a read-only read connection would: nothing is written', async () => {
    const sql = `INSERT INTO partners (id, name, name_key, kind) VALUES (:id, 'Écrit en douce', 'ECRIT EN DOUCE', 'school') RETURNING name`;
    await expect(raw.rows(sql, { id: randomUUID() }, { small: true })).rejects.toThrow(/must not write/);
    expect(await raw.rows('SELECT name FROM partners WHERE name_key = :key', { key: 'ECRIT EN DOUCE' })).toEqual([]);
  });

  it("the guard's session check and a machine's availability are small reads: an authenticated request for it makes no read on a read connection", async () => {
    const admin = await loginAdmin(t);
    const machine = await t.http().post('/api/machines').set(admin.auth).send({ code: 'PETIT-1', name: 'Découpe vinyle', category: 'vinyl_cutter' });
    expect(machine.status).toBe(201);
    readsOnReadConnections.mockClear();
    const availability = await t.http().get(`/api/machines/${machine.body.id}/availability`).set(admin.auth);
    expect(availability.status).toBe(200);
    expect(availability.body).toMatchObject({ machineId: machine.body.id, available: true });
    expect(availability.body.free.length).toBeGreaterThan(0);
    expect(readsOnReadConnections).not.toHaveBeenCalled();
  });

  it('leaves a read the shared connection finds locked (SQLITE_BUSY) to a read connection, which waits it out off the main thread', async () => {
    await tx.run(() => insertPartner('Verrouillé ailleurs'));
    // Another process locking the file so that a reader cannot even start is not something this
    // process can stage while its own connections hold their shared locks: the shared connection's
    // prepare fails as SQLite would then.
    const shared = tx.sqliteConnection!;
    const busy = jest.spyOn(shared, 'prepare').mockImplementationOnce(() => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    try {
      const sql = 'SELECT name FROM partners WHERE name = :name AND 2 = 2';
      expect(await raw.rows(sql, { name: 'Verrouillé ailleurs' }, { small: true })).toEqual([{ name: 'Verrouillé ailleurs' }]);
      expect(readsOnReadConnections).toHaveBeenCalledTimes(1);
    } finally {
      busy.mockRestore();
    }
  });

  it('leaves it to a read connection too when the lock is met by a statement prepared before', async () => {
    await tx.run(() => insertPartner('Verrouillé plus tard'));
    const sql = 'SELECT name FROM partners WHERE name = :name AND 3 = 3';
    const shared = tx.sqliteConnection!;
    // The statement the shared connection prepares, kept for the next read: its run meets the lock.
    const prepare = shared.prepare.bind(shared);
    let prepared: ReturnType<typeof shared.prepare> | undefined;
    const preparing = jest.spyOn(shared, 'prepare').mockImplementation((text: string) => (prepared = prepare(text)));
    expect(await raw.rows(sql, { name: 'Verrouillé plus tard' }, { small: true })).toEqual([{ name: 'Verrouillé plus tard' }]);
    preparing.mockRestore();
    expect(readsOnReadConnections).not.toHaveBeenCalled();
    const busy = jest.spyOn(prepared!, 'all').mockImplementationOnce(() => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    try {
      expect(await raw.rows(sql, { name: 'Verrouillé plus tard' }, { small: true })).toEqual([{ name: 'Verrouillé plus tard' }]);
      expect(readsOnReadConnections).toHaveBeenCalledTimes(1);
      expect(busy).toHaveBeenCalledTimes(1);
    } finally {
      busy.mockRestore();
    }
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
