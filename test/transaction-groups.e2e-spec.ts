import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '../src/common/errors/domain-error.js';
import { RawReader } from '../src/database/raw-reader.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { createTestApp, onPostgres, sqliteFileDatabase, type TestApp } from './helpers/test-app.js';

// Group commit (TransactionRunner.run on SQLite): transactions arriving together share one COMMIT —
// one disk flush — each in a savepoint, and each still succeeds or fails alone.
(onPostgres() ? describe.skip : describe)('SQLite transactions committed in groups', () => {
  const file = sqliteFileDatabase();
  let t: TestApp;
  let tx: TransactionRunner;
  const sent: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(file.env);
    tx = t.app.get(TransactionRunner);
    // SQLite's drivers have one query runner: every statement of the shared connection passes here.
    const runner = t.dataSource.createQueryRunner();
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: unknown[]) => {
      sent.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
  });

  afterAll(async () => {
    await t.close();
    file.remove();
  });

  const insertPartner = (name: string) =>
    tx.manager.getRepository(Partner).insert({ id: randomUUID(), name, nameKey: name.toUpperCase(), kind: 'association' });
  const partnerNames = async (prefix: string) =>
    (await t.dataSource.getRepository(Partner).find()).map((p) => p.name).filter((name) => name.startsWith(prefix)).sort();

  it('ten arriving together: fewer COMMITs than transactions, the one that fails alone rolled back, its error to its caller, after-commit work for the others only', async () => {
    sent.length = 0;
    const committedHooks: string[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        tx.run(async () => {
          const name = `Groupe ${String(i).padStart(2, '0')}`;
          await insertPartner(name);
          await tx.afterCommit(() => void committedHooks.push(name));
          if (i === 4) throw DomainError.validation([{ field: 'name', message: 'refusé après écriture' }]);
          // A later member sees what the earlier ones wrote (one connection, in order).
          return (await tx.manager.getRepository(Partner).countBy({})) > 0;
        }),
      ),
    );

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    expect(await partnerNames('Groupe ')).toEqual(['Groupe 00', 'Groupe 01', 'Groupe 02', 'Groupe 03', 'Groupe 05', 'Groupe 06', 'Groupe 07', 'Groupe 08', 'Groupe 09']);
    expect(committedHooks.sort()).toEqual(['Groupe 00', 'Groupe 01', 'Groupe 02', 'Groupe 03', 'Groupe 05', 'Groupe 06', 'Groupe 07', 'Groupe 08', 'Groupe 09']);
    const commits = sent.filter((sql) => sql === 'COMMIT').length;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(5);
  });

  it('one alone: no savepoint, and its failure rolls back only itself', async () => {
    sent.length = 0;
    await expect(
      tx.run(async () => {
        await insertPartner('Seul refusé');
        throw new Error('refusé');
      }),
    ).rejects.toThrow('refusé');
    await tx.run(() => insertPartner('Seul accepté'));
    expect(await partnerNames('Seul ')).toEqual(['Seul accepté']);
    expect(sent.filter((sql) => sql.startsWith('SAVEPOINT'))).toEqual([]);
  });

  it('a group whose COMMIT fails fails every member, and nothing of it stays', async () => {
    // Foreign keys deferred to the COMMIT (for this transaction only): the last member writes an
    // attendee of no booking, so the group's COMMIT fails.
    sent.length = 0;
    const results = await Promise.allSettled([
      tx.run(async () => {
        await tx.manager.query('PRAGMA defer_foreign_keys = ON');
        await insertPartner('Commit raté A');
      }),
      tx.run(() => insertPartner('Commit raté B')),
      tx.run(() => tx.manager.query('INSERT INTO booking_participants (booking_id, participant_id) VALUES (?, ?)', [randomUUID(), randomUUID()])),
    ]);
    expect(sent.filter((sql) => sql === 'COMMIT')).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await partnerNames('Commit raté')).toEqual([]);
    // The next transaction commits normally.
    await tx.run(() => insertPartner('Après le raté'));
    expect(await partnerNames('Après le raté')).toEqual(['Après le raté']);
  });

  it('a group whose transaction SQLite ended itself fails whole, and the next ones still commit for real', async () => {
    // OR ROLLBACK makes SQLite end the whole transaction on the conflict, as SQLITE_FULL or an I/O
    // error would: TypeORM's ROLLBACK TO SAVEPOINT then fails, and its runner thought one still open.
    const results = await Promise.allSettled([
      tx.run(() => insertPartner('Fin subie A')),
      tx.run(async () => {
        await insertPartner('Fin subie B');
        await tx.manager.query(`INSERT OR ROLLBACK INTO partners (id, name, name_key, kind) SELECT ?, name, name_key, kind FROM partners WHERE name = 'Fin subie B'`, [randomUUID()]);
      }),
      tx.run(() => insertPartner('Fin subie C')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // A lone failure, then a success: committed, so another connection (a read connection) sees it.
    await expect(tx.run(() => Promise.reject(new Error('seul')))).rejects.toThrow('seul');
    await tx.run(() => insertPartner('Fin subie après'));
    const seen = await t.app.get(RawReader).rows<{ name: string }>("SELECT name FROM partners WHERE name LIKE 'Fin subie%' ORDER BY name");
    expect(seen).toEqual([{ name: 'Fin subie après' }]);
  });
});
