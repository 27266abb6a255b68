import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { RawReader } from '../src/database/raw-reader.service.js';
import { RawWriter } from '../src/database/raw-writer.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { rows } from './helpers/db.js';
import { recordStatements } from './helpers/statements.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';
import { nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';

// runPostgresTransaction (TransactionRunner.run on PostgreSQL): BEGIN leaves with the first
// statement, in the same write; a transaction that sends nothing sends no BEGIN; the connection
// goes back to the pool as it came.
(onPostgres() ? describe : describe.skip)('PostgreSQL transactions: BEGIN sent with the first statement', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  let writer: RawWriter;
  let raw: RawReader;
  let facilitator: Session;
  let day: DateTime;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    tx = t.app.get(TransactionRunner);
    writer = t.app.get(RawWriter);
    raw = t.app.get(RawReader);
    facilitator = await makeStaff(t, await loginAdmin(t), 'facilitator');
    day = nextWeekday(t, 'wed', 3);
    port = Number(new URL((t.dataSource.options as { url: string }).url).port || 5432);
  });
  afterAll(async () => {
    await t.close();
  });

  const insertPartner = (id: string, name: string) => {
    const now = new Date();
    return writer.run(
      'INSERT INTO partners (id, name, name_key, kind, active, created_at, updated_at) VALUES (:id, :name, :nameKey, :kind, :active, :createdAt, :updatedAt)',
      writer.values(Partner, { id, name, nameKey: name.toUpperCase(), kind: 'association', active: true, createdAt: now, updatedAt: now }),
    );
  };
  const partnerNames = async (ids: string[]) =>
    (await rows<{ name: string }>(t, `SELECT name FROM partners WHERE id = ANY($1) ORDER BY name`, [ids])).map((r) => r.name);

  /**
   * The writes made to the database's sockets while `work` runs, each one a wake-up of a server
   * process: net.Socket's one path to the kernel for a write or a corked batch of them.
   */
  async function databaseWrites<T>(work: () => Promise<T>): Promise<{ result: T; writes: number }> {
    let writes = 0;
    const proto = Socket.prototype as unknown as { _writeGeneric: (this: Socket, ...args: unknown[]) => unknown };
    const original = proto._writeGeneric;
    proto._writeGeneric = function (this: Socket, ...args: unknown[]) {
      if (this.remotePort === port) writes++;
      return original.apply(this, args);
    };
    try {
      return { result: await work(), writes };
    } finally {
      proto._writeGeneric = original;
    }
  }

  /** Backends of this database left inside a transaction with nothing running. */
  const idleInTransaction = async () =>
    (await rows<{ n: string }>(t, `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`))[0].n;

  it('a transaction that sends nothing sends no BEGIN and no COMMIT; thirty of them, some failing, leave every connection free and idle', async () => {
    const recording = recordStatements(t.dataSource, t.app);
    expect(await tx.run(async () => 'nothing')).toBe('nothing');
    expect(recording.stop()).toEqual([]);
    // More than the pool's ten connections: none is kept.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        tx.run(async () => {
          if (i % 2 === 0) throw new Error(`refused ${i}`);
          return i;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(15);
    const id = randomUUID();
    await tx.run(() => insertPartner(id, 'After nothing'));
    expect(await partnerNames([id])).toEqual(['After nothing']);
    expect(await idleInTransaction()).toBe('0');
  });

  it('its statements are one transaction: work that throws after writing rolls them all back, and the connection comes back idle', async () => {
    const ids = [randomUUID(), randomUUID()];
    await expect(
      tx.run(async () => {
        await insertPartner(ids[0], 'Rolled back A');
        await insertPartner(ids[1], 'Rolled back B');
        // Its own writes are visible to it, inside the transaction.
        expect(await raw.rows('SELECT id FROM partners WHERE id = ANY(:ids)', { ids })).toHaveLength(2);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await partnerNames(ids)).toEqual([]);
    expect(await idleInTransaction()).toBe('0');
  });

  it('BEGIN, and the statements sent with it, leave in one write; COMMIT in another', async () => {
    const ids = [randomUUID(), randomUUID()];
    const recording = recordStatements(t.dataSource, t.app);
    const { writes } = await databaseWrites(() =>
      tx.run(async () => {
        // Sent together, as a booking sends its lock and its write (RawWriter.pipelinedBatch).
        await Promise.all([insertPartner(ids[0], 'Together A'), insertPartner(ids[1], 'Together B')]);
      }),
    );
    const statements = recording.stop();
    // Recorded once each (a subscriber hears TypeORM's statements before they reach the client, so
    // the first INSERT may be recorded before the BEGIN sent ahead of it; the rollback above shows
    // the first statement is inside the transaction).
    expect(statements.filter((s) => s === 'START TRANSACTION')).toHaveLength(1);
    expect(statements.at(-1)).toBe('COMMIT');
    expect(statements.filter((s) => s.startsWith('INSERT INTO partners'))).toHaveLength(2);
    expect(writes).toBe(2);
    expect(await partnerNames(ids)).toEqual(['Together A', 'Together B']);
  });

  it('a booking reaches the server in three writes: the session check, BEGIN with the lock and the write, COMMIT', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    // Warm-up: the first booking of a process prepares its statements.
    await t.http().post('/api/bookings').set(facilitator.auth).send({ machineId: machine.id, kind: 'training', ...slot(day, '09:00', '09:30') }).expect(201);
    const { result, writes } = await databaseWrites(() =>
      t.http().post('/api/bookings').set(facilitator.auth).send({ machineId: machine.id, kind: 'training', ...slot(day, '10:00', '10:30') }),
    );
    expect(result.status).toBe(201);
    expect(writes).toBe(3);
  });
});
