import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../src/common/errors/database-errors.js';
import { RawWriter } from '../src/database/raw-writer.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { type RawPartners, rawPartners } from './helpers/raw-partners.js';
import { recordStatements } from './helpers/statements.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

// RawWriter.batch: on PostgreSQL the writes go as one statement, on SQLite one by one; same rows either way.
describe('RawWriter', () => {
  let t: TestApp;
  let writer: RawWriter;
  let tx: TransactionRunner;
  let partners: RawPartners;

  beforeAll(async () => {
    t = await createTestApp();
    partners = rawPartners(t);
    writer = t.app.get(RawWriter);
    tx = t.app.get(TransactionRunner);
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes every row of a batch, each with its own parameters; on PostgreSQL in one statement', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const recording = recordStatements(t.dataSource, t.app);
    await tx.run(() =>
      writer.batch(async () => {
        await partners.insert(ids[0], 'Batch A');
        await partners.insert(ids[1], 'Batch B');
        await partners.insert(ids[2], 'Batch C');
      }),
    );
    const inserts = recording.stop().filter((s) => s.includes('INSERT INTO partners'));
    expect(inserts).toHaveLength(onPostgres() ? 1 : 3);
    expect(await partners.names(ids)).toEqual(['Batch A', 'Batch B', 'Batch C']);
  });

  it('fails as the failing write would, and writes nothing of the batch', async () => {
    const ids = [randomUUID(), randomUUID()];
    const failure = tx.run(() =>
      writer.batch(async () => {
        await partners.insert(ids[0], 'Twice A');
        await partners.insert(ids[1], 'Twice B');
        await partners.insert(ids[0], 'Twice again');
      }),
    );
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(await failure.catch((error: unknown) => error))).toBe(true);
    expect(await partners.names(ids)).toEqual([]);
  });

  it('sends nothing of a batch whose work throws', async () => {
    const id = randomUUID();
    await expect(
      tx.run(() =>
        writer.batch(async () => {
          await partners.insert(id, 'Never');
          throw new Error('refused');
        }),
      ),
    ).rejects.toThrow('refused');
    expect(await partners.names([id])).toEqual([]);
  });

  it('reads, with readThenBatch, what was there before the writes it sends with the read; the writes land', async () => {
    const ids = [randomUUID(), randomUUID()];
    await tx.run(() => partners.insert(ids[0], 'Before'));
    const recording = recordStatements(t.dataSource, t.app);
    const seen = await tx.run(() =>
      writer.readThenBatch<{ name: string }>('SELECT name FROM partners WHERE id IN (:...ids) ORDER BY name', { ids }, async () => {
        await partners.insert(ids[1], 'During');
      }),
    );
    const statements = recording.stop().filter((s) => s.includes('partners'));
    expect(seen.map((row) => row.name)).toEqual(['Before']);
    expect(statements).toHaveLength(onPostgres() ? 1 : 2);
    expect(await partners.names(ids)).toEqual(['Before', 'During']);
  });

  const onPostgresIt = onPostgres() ? it : it.skip;

  /** Another session (a client of its own), holding the row of partner `id` locked. */
  const lockHolder = async (id: string) => {
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    holder.on('error', () => undefined); // its session ended by the server (below): expected
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM partners WHERE id = $1 FOR UPDATE', [id]);
    return holder;
  };

  onPostgresIt('runs pipelinedBatch\'s batch once its lock is granted, seeing what the lock\'s holder committed meanwhile', async () => {
    const held = randomUUID();
    const committedMeanwhile = randomUUID();
    const written = randomUUID();
    await tx.run(() => partners.insert(held, 'Held'));
    const holder = await lockHolder(held);
    await holder.query(
      "INSERT INTO partners (id, name, name_key, kind, active, created_at, updated_at) VALUES ($1, 'Committed meanwhile', 'COMMITTED MEANWHILE', 'association', true, now(), now())",
      [committedMeanwhile],
    );
    const sending = tx.run(() =>
      writer.pipelinedBatch<{ name: string }>(
        [['SELECT name FROM partners WHERE id = :held FOR UPDATE', { held }]],
        ['SELECT name FROM partners WHERE id IN (:...ids) ORDER BY name', { ids: [committedMeanwhile, written] }],
        () => partners.insert(written, 'Written'),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await holder.query('COMMIT');
    await holder.end();
    const { reads, batch } = await sending;
    expect(reads).toEqual([{ status: 'fulfilled', value: [{ name: 'Held' }] }]);
    // Its read sees the holder's row, not the batch's own write (readThenBatch), which lands.
    expect(batch).toEqual({ status: 'fulfilled', value: [{ name: 'Committed meanwhile' }] });
    expect(await partners.names([written])).toEqual(['Written']);
  });

  onPostgresIt('sends pipelinedBatch\'s batch without waiting for its lock\'s answer', async () => {
    const held = randomUUID();
    await tx.run(() => partners.insert(held, 'Held by a session the server ends'));
    const holder = await lockHolder(held);
    // The server itself ends the holder's session, and its lock, 300 ms from now: node has no part in it.
    await holder.query("SET idle_in_transaction_session_timeout = '300ms'");
    const sending = tx.run(() =>
      writer.pipelinedBatch<{ at: Date }>([['SELECT name FROM partners WHERE id = :held FOR UPDATE', { held }]], ['SELECT clock_timestamp() AS at', {}], async () => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Node answers nothing for the next second: a batch sent only once node had the locked row
    // would run after that; a pipelined one runs as the lock is granted.
    const busyUntil = Date.now() + 1_000;
    while (Date.now() < busyUntil) {
      // busy
    }
    const { reads, batch } = await sending;
    await holder.end().catch(() => undefined);
    expect(reads[0].status).toBe('fulfilled');
    if (batch.status !== 'fulfilled') throw batch.reason;
    expect(new Date(batch.value[0].at).getTime()).toBeLessThan(busyUntil);
  });

  onPostgresIt('answers every statement of pipelinedBatch after a failed read, and writes nothing', async () => {
    const id = randomUUID();
    const { reads, batch } = await tx.run(() => writer.pipelinedBatch([['SELECT 1 / 0 AS never', {}]], ['SELECT 1 AS one', {}], () => partners.insert(id, 'Never')));
    expect(reads[0].status).toBe('rejected');
    expect(batch.status).toBe('rejected');
    expect(await partners.names([id])).toEqual([]);
  });

  it('refuses pipelinedBatch outside a transaction, and on SQLite', async () => {
    await expect(writer.pipelinedBatch([], ['SELECT 1', {}], async () => undefined)).rejects.toThrow('outside TransactionRunner.run');
    if (!onPostgres()) await expect(tx.run(() => writer.pipelinedBatch([], ['SELECT 1', {}], async () => undefined))).rejects.toThrow('PostgreSQL only');
  });

  it('refuses to batch outside a transaction', async () => {
    await expect(writer.batch(async () => undefined)).rejects.toThrow('outside TransactionRunner.run');
  });
});
