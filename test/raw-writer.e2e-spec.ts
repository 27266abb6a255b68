import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../src/common/errors/database-errors.js';
import { RawWriter } from '../src/database/raw-writer.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { rows } from './helpers/db.js';
import { recordStatements } from './helpers/statements.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

// RawWriter.batch: on PostgreSQL the writes go as one statement, on SQLite one by one; same rows either way.
describe('RawWriter', () => {
  let t: TestApp;
  let writer: RawWriter;
  let tx: TransactionRunner;

  beforeAll(async () => {
    t = await createTestApp();
    writer = t.app.get(RawWriter);
    tx = t.app.get(TransactionRunner);
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
    (await rows<{ name: string }>(t, `SELECT name FROM partners WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY name`, ids)).map((r) => r.name);

  it('writes every row of a batch, each with its own parameters; on PostgreSQL in one statement', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const recording = recordStatements(t.dataSource, t.app);
    await tx.run(() =>
      writer.batch(async () => {
        await insertPartner(ids[0], 'Batch A');
        await insertPartner(ids[1], 'Batch B');
        await insertPartner(ids[2], 'Batch C');
      }),
    );
    const inserts = recording.stop().filter((s) => s.includes('INSERT INTO partners'));
    expect(inserts).toHaveLength(onPostgres() ? 1 : 3);
    expect(await partnerNames(ids)).toEqual(['Batch A', 'Batch B', 'Batch C']);
  });

  it('fails as the failing write would, and writes nothing of the batch', async () => {
    const ids = [randomUUID(), randomUUID()];
    const failure = tx.run(() =>
      writer.batch(async () => {
        await insertPartner(ids[0], 'Twice A');
        await insertPartner(ids[1], 'Twice B');
        await insertPartner(ids[0], 'Twice again');
      }),
    );
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(await failure.catch((error: unknown) => error))).toBe(true);
    expect(await partnerNames(ids)).toEqual([]);
  });

  it('sends nothing of a batch whose work throws', async () => {
    const id = randomUUID();
    await expect(
      tx.run(() =>
        writer.batch(async () => {
          await insertPartner(id, 'Never');
          throw new Error('refused');
        }),
      ),
    ).rejects.toThrow('refused');
    expect(await partnerNames([id])).toEqual([]);
  });

  it('reads, with readThenBatch, what was there before the writes it sends with the read; the writes land', async () => {
    const ids = [randomUUID(), randomUUID()];
    await tx.run(() => insertPartner(ids[0], 'Before'));
    const recording = recordStatements(t.dataSource, t.app);
    const seen = await tx.run(() =>
      writer.readThenBatch<{ name: string }>('SELECT name FROM partners WHERE id IN (:...ids) ORDER BY name', { ids }, async () => {
        await insertPartner(ids[1], 'During');
      }),
    );
    const statements = recording.stop().filter((s) => s.includes('partners'));
    expect(seen.map((row) => row.name)).toEqual(['Before']);
    expect(statements).toHaveLength(onPostgres() ? 1 : 2);
    expect(await partnerNames(ids)).toEqual(['Before', 'During']);
  });

  it('reads and locks rows with lock, in the transaction; the statement again (prepared on PostgreSQL) reads afresh', async () => {
    const id = randomUUID();
    await tx.run(() => insertPartner(id, 'Locked'));
    for (const name of ['Locked', 'Renamed', 'Renamed']) {
      const seen = await tx.run(() => writer.lock<{ name: string }>(`SELECT name FROM partners WHERE id = :id${onPostgres() ? ' FOR UPDATE' : ''}`, { id }));
      expect(seen).toEqual([{ name }]);
      await tx.run(() => writer.run('UPDATE partners SET name = :name WHERE id = :id', { id, name: 'Renamed' }));
    }
    await expect(writer.lock('SELECT 1', {})).rejects.toThrow('outside TransactionRunner.run');
  });

  it('refuses to batch outside a transaction', async () => {
    await expect(writer.batch(async () => undefined)).rejects.toThrow('outside TransactionRunner.run');
  });
});
