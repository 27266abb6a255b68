import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { RawReader } from '../src/database/raw-reader.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { rows } from './helpers/db.js';
import { type RawPartners, rawPartners } from './helpers/raw-partners.js';
import { recordStatements } from './helpers/statements.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';
import { nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';

/** What these tests read of node-postgres' pool. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  _clients: object[];
}

// runPostgresTransaction (TransactionRunner.run on PostgreSQL): BEGIN leaves with the first
// statement, in the same write; a transaction that sends nothing sends no BEGIN; the connection
// goes back to the pool as it came.
(onPostgres() ? describe : describe.skip)('PostgreSQL transactions: BEGIN sent with the first statement', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  let partners: RawPartners;
  let raw: RawReader;
  let admin: Session;
  let facilitator: Session;
  let day: DateTime;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    partners = rawPartners(t);
    tx = t.app.get(TransactionRunner);
    raw = t.app.get(RawReader);
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    day = nextWeekday(t, 'wed', 3);
    port = Number(new URL((t.dataSource.options as { url: string }).url).port || 5432);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The writes made to the database's sockets while `work` runs, each one a wake-up of a server
   * process: net.Socket's one path to the kernel for a write or a corked batch of them.
   */
  async function databaseWrites<T>(work: () => Promise<T>): Promise<{ result: T; writes: number; sent: string[] }> {
    const sent: string[] = [];
    const proto = Socket.prototype as unknown as { _writeGeneric: (this: Socket, writev: boolean, data: unknown, ...rest: unknown[]) => unknown };
    const original = proto._writeGeneric;
    proto._writeGeneric = function (this: Socket, writev: boolean, data: unknown, ...rest: unknown[]) {
      if (this.remotePort === port) {
        const chunks = writev ? (data as Array<{ chunk: Buffer | string }>).map((d) => d.chunk) : [data as Buffer | string];
        sent.push(chunks.map((chunk) => chunk.toString()).join(''));
      }
      return original.call(this, writev, data, ...rest);
    };
    try {
      const result = await work();
      return { result, writes: sent.length, sent };
    } finally {
      proto._writeGeneric = original;
    }
  }

  const pool = () => (t.dataSource.driver as unknown as { master: PgPool }).master;
  /** Backends of this database left inside a transaction with nothing running. */
  const idleInTransaction = async () =>
    (await rows<{ n: string }>(t, `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`))[0].n;

  /**
   * The pool as transactions must leave it: no backend idle in a transaction, every connection
   * back, none waited for, none still wearing a wrapped `query`. Other work of the application
   * (after-commit hooks, the in-process workers) may hold a connection, or be between two
   * statements of its own transaction, for a moment: waited for, up to two seconds.
   */
  const expectPoolAtRest = async () => {
    const busy = async () => pool().waitingCount > 0 || pool().idleCount < pool().totalCount || (await idleInTransaction()) !== '0';
    for (let waited = 0; waited < 2_000 && (await busy()); waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await idleInTransaction()).toBe('0');
    expect(pool().waitingCount).toBe(0);
    expect(pool().idleCount).toBe(pool().totalCount);
    expect(pool()._clients.filter((client) => Object.prototype.hasOwnProperty.call(client, 'query')).length).toBe(0);
  };

  it('a transaction that sends nothing sends no BEGIN and no COMMIT; thirty of them, some failing, leave every connection free and idle', async () => {
    const recording = recordStatements(t.dataSource, t.app);
    expect(await tx.run(async () => 'nothing')).toBe('nothing');
    expect(recording.stop()).toEqual([]);
    // More than the pool's ten connections, at once: a third send nothing and fail, a third write
    // and fail after, a third write and commit.
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        tx.run(async () => {
          if (i % 3 === 0) throw new Error(`refused before writing ${i}`);
          await partners.insert(id, `Thirty ${String(i).padStart(2, '0')}`);
          if (i % 3 === 1) throw new Error(`refused after writing ${i}`);
          return i;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(20);
    expect(await partners.names(ids)).toEqual(ids.flatMap((_, i) => (i % 3 === 2 ? [`Thirty ${String(i).padStart(2, '0')}`] : [])));
    await expectPoolAtRest();
  });

  it('its statements are one transaction: work that throws after writing rolls them all back, and the connection comes back idle', async () => {
    const ids = [randomUUID(), randomUUID()];
    await expect(
      tx.run(async () => {
        await partners.insert(ids[0], 'Rolled back A');
        await partners.insert(ids[1], 'Rolled back B');
        // Its own writes are visible to it, inside the transaction.
        expect(await raw.rows('SELECT id FROM partners WHERE id = ANY(:ids)', { ids })).toHaveLength(2);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await partners.names(ids)).toEqual([]);
    await expectPoolAtRest();
  });

  it('BEGIN, and the statements sent with it, leave in one write; COMMIT in another', async () => {
    const ids = [randomUUID(), randomUUID()];
    const recording = recordStatements(t.dataSource, t.app);
    const { writes, sent } = await databaseWrites(() =>
      tx.run(async () => {
        // Sent together, as a booking sends its lock and its write (RawWriter.pipelinedBatch).
        await Promise.all([partners.insert(ids[0], 'Together A'), partners.insert(ids[1], 'Together B')]);
      }),
    );
    // BEGIN first on the wire, the two statements behind it in the same write.
    expect(sent[0].indexOf('START TRANSACTION')).toBeGreaterThanOrEqual(0);
    expect(sent[0].indexOf('INSERT INTO partners')).toBeGreaterThan(sent[0].indexOf('START TRANSACTION'));
    expect(sent[0].split('INSERT INTO partners')).toHaveLength(3);
    expect(sent[1]).toContain('COMMIT');
    const statements = recording.stop();
    // Recorded once each (a subscriber hears TypeORM's statements before they reach the client, so
    // the first INSERT may be recorded before the BEGIN sent ahead of it; the rollback above shows
    // the first statement is inside the transaction).
    expect(statements.filter((s) => s === 'START TRANSACTION')).toHaveLength(1);
    expect(statements.at(-1)).toBe('COMMIT');
    expect(statements.filter((s) => s.startsWith('INSERT INTO partners'))).toHaveLength(2);
    expect(writes).toBe(2);
    expect(await partners.names(ids)).toEqual(['Together A', 'Together B']);
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

  it('a booking refused once its write was sent (the machine out of order) leaves no booking, attendee or reminder', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    await t.http().post(`/api/machines/${machine.id as string}/status`).set(admin.auth).send({ status: 'out_of_order', reason: 'test' }).expect(200);
    const res = await t.http().post('/api/bookings').set(facilitator.auth).send({ machineId: machine.id, kind: 'training', ...slot(day, '11:00', '11:30') });
    expect(res.status).toBe(422);
    expect(await rows(t, 'SELECT id FROM bookings WHERE machine_id = $1', [machine.id])).toEqual([]);
    expect(await rows(t, `SELECT id FROM outbox WHERE subject_id IN (SELECT id FROM bookings WHERE machine_id = $1)`, [machine.id])).toEqual([]);
    await expectPoolAtRest();
  });

  it('a nested manager.transaction is a savepoint: its failure undoes its own writes only', async () => {
    const ids = [randomUUID(), randomUUID()];
    await tx.run(async () => {
      await partners.insert(ids[0], 'Outer kept');
      await expect(
        tx.manager.transaction(async (inner) => {
          await inner.query('INSERT INTO partners (id, name, name_key, kind, active, created_at, updated_at) VALUES ($1, $2, $3, $4, true, now(), now())', [ids[1], 'Inner undone', 'INNER UNDONE', 'association']);
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
    });
    expect(await partners.names(ids)).toEqual(['Outer kept']);
    await expectPoolAtRest();
  });

  it('a statement still on its way when the work fails goes inside the transaction, and is rolled back with it', async () => {
    const id = randomUUID();
    await expect(
      tx.run(() =>
        Promise.all([
          Promise.reject(new Error('refused at once')),
          (async () => {
            await Promise.resolve();
            await partners.insert(id, 'Late');
          })(),
        ]),
      ),
    ).rejects.toThrow('refused at once');
    // Give the late statement time to land wherever it lands.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await partners.names([id])).toEqual([]);
    await expectPoolAtRest();
  });

  it('a COMMIT that fails (a deferred constraint) fails the transaction: nothing kept, the connection back and idle', async () => {
    await t.dataSource.query('CREATE TABLE IF NOT EXISTS deferred_probe (n int, CONSTRAINT deferred_probe_once UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)');
    await expect(
      tx.run(async () => {
        await tx.manager.query('INSERT INTO deferred_probe (n) VALUES (1), (1)');
      }),
    ).rejects.toThrow(/deferred_probe_once/);
    expect(await rows(t, 'SELECT n FROM deferred_probe')).toEqual([]);
    await expectPoolAtRest();
  });

  it('a connection killed mid-transaction: the caller gets the error, nothing is kept, and the pool goes on', async () => {
    const ids = [randomUUID(), randomUUID()];
    await expect(
      tx.run(async () => {
        await partners.insert(ids[0], 'Killed');
        await tx.manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toThrow();
    await tx.run(() => partners.insert(ids[1], 'After the kill'));
    expect(await partners.names(ids)).toEqual(['After the kill']);
    await expectPoolAtRest();
  });
});
