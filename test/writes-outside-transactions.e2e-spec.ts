import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { WritesOutsideTransactions } from '../src/database/writes-outside-transactions.subscriber.js';
import { Partner } from '../src/partners/partner.entity.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

// On SQLite a write outside TransactionRunner.run joins whatever transaction another request has
// open on the shared connection. The subscriber notices such writes; test/helpers/test-app.ts
// fails a spec whose application made one (a test's own direct writes excepted).
(onPostgres() ? describe.skip : describe)('writes outside TransactionRunner.run (SQLite)', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  let watch: WritesOutsideTransactions;
  const partner = (name: string) => ({ id: randomUUID(), name, nameKey: name.toUpperCase(), kind: 'school' as const });

  beforeAll(async () => {
    t = await createTestApp();
    tx = t.app.get(TransactionRunner);
    watch = t.app.get(WritesOutsideTransactions);
  });

  afterAll(async () => {
    await t.close();
  });

  it('are noticed, with the entity and where they came from; writes inside run() are not', async () => {
    const before = watch.seen.length;
    await tx.run(() => tx.manager.getRepository(Partner).insert(partner('Dans une transaction')));
    expect(watch.seen.length).toBe(before);

    await t.dataSource.getRepository(Partner).update({ name: 'Dans une transaction' }, { name: 'Hors transaction' });
    expect(watch.seen.slice(before)).toEqual([{ entity: 'Partner', stack: expect.stringContaining('writes-outside-transactions.e2e-spec.ts') }]);
  });
});
