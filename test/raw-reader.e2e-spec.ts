import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { NamedParameters } from '../src/database/named-parameters.js';
import { RawReader, type RawRow } from '../src/database/raw-reader.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

// On PostgreSQL, reads outside a transaction run as named prepared statements on the pool.
describe('RawReader', () => {
  let t: TestApp;
  let raw: RawReader;

  beforeAll(async () => {
    t = await createTestApp();
    raw = t.app.get(RawReader);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads the same rows on every call, and sees what another connection committed', async () => {
    const repo = t.dataSource.getRepository(Partner);
    const partner = await repo.save(repo.create({ name: 'Lu', nameKey: 'LU', kind: 'association' }));
    const read = () => raw.rows<{ id: string; name: string }>('SELECT id, name FROM partners WHERE id = :id', { id: partner.id });
    // More calls than connections in the pool: each connection prepares the statement once.
    for (let i = 0; i < 12; i++) expect(await read()).toEqual([{ id: partner.id, name: 'Lu' }]);
    await repo.update(partner.id, { name: 'Lou' });
    expect(await read()).toEqual([{ id: partner.id, name: 'Lou' }]);
  });

  it('still reads `SELECT *` after a column was added while running (prepared statements made afresh)', async () => {
    const repo = t.dataSource.getRepository(Partner);
    const partner = await repo.save(repo.create({ name: 'Col', nameKey: 'COL', kind: 'association' }));
    const read = () => raw.rows<Record<string, unknown>>('SELECT p.* FROM partners p WHERE p.id = :id', { id: partner.id });
    for (let i = 0; i < 12; i++) await read();
    await t.dataSource.query('ALTER TABLE partners ADD COLUMN raw_reader_probe integer');
    try {
      for (let i = 0; i < 12; i++) expect((await read())[0]).toHaveProperty('raw_reader_probe', null);
    } finally {
      await t.dataSource.query('ALTER TABLE partners DROP COLUMN raw_reader_probe');
    }
    expect((await read())[0]).not.toHaveProperty('raw_reader_probe');
  });

  (onPostgres() ? it : it.skip)('reads rows PostgreSQL aggregated as JSON into the same entities as the rows themselves', async () => {
    const repo = t.dataSource.getRepository(Partner);
    const partner = await repo.save(repo.create({ name: 'Jo', nameKey: 'JO', kind: 'association' }));
    // Set by the database (now(): microseconds), not by the application.
    await t.dataSource.query('UPDATE partners SET created_at = now() WHERE id = $1', [partner.id]);
    const [row] = await raw.rows('SELECT p.* FROM partners p WHERE p.id = :id', { id: partner.id });
    const [{ list }] = await raw.rows<{ list: RawRow[] | null }>('SELECT json_agg(p) AS list FROM partners p WHERE p.id = :id', { id: partner.id });
    const fromJson = raw.fromJson(Partner, list);
    expect(fromJson[0].created_at).toBeInstanceOf(Date);
    expect(fromJson.map((r) => raw.hydrate(Partner, r))).toEqual([raw.hydrate(Partner, row)]);
    const [{ none }] = await raw.rows<{ none: RawRow[] | null }>("SELECT json_agg(p) AS none FROM partners p WHERE p.id = 'none'");
    expect(raw.fromJson(Partner, none)).toEqual([]);
  });

  it('planEachTime: the same rows, from a statement PostgreSQL plans for its parameters each time (never prepared by name)', async () => {
    const repo = t.dataSource.getRepository(Partner);
    await repo.save(repo.create({ name: 'Plan', nameKey: 'PLAN', kind: 'association' }));
    const sql = (marker: string) => `SELECT name AS ${marker} FROM partners WHERE name_key >= :from AND name_key < :to`;
    for (let i = 0; i < 12; i++) {
      expect(await raw.rows(sql('each_time'), { from: 'PLAN', to: 'PLAO' }, { planEachTime: true })).toEqual([{ each_time: 'Plan' }]);
      expect(await raw.rows(sql('by_name'), { from: 'PLAN', to: 'PLAO' })).toEqual([{ by_name: 'Plan' }]);
    }
    if (!onPostgres()) return;
    // What the pool's connections hold by name (each answers for itself: asked as often as the reads were made).
    const held = new Set<string>();
    for (let i = 0; i < 12; i++) {
      for (const row of await raw.rows<{ statement: string }>('SELECT statement FROM pg_prepared_statements')) held.add(row.statement);
    }
    expect([...held].some((statement) => statement.includes('AS by_name'))).toBe(true);
    expect([...held].some((statement) => statement.includes('AS each_time'))).toBe(false);
  });

  it('expands named parameters exactly as the driver does, on every call of a statement it has seen', () => {
    const driver = t.dataSource.driver;
    const named = new NamedParameters(driver);
    const when = new Date('2026-12-03T10:20:30.456Z');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['SELECT 1', {}],
      ['SELECT 1 FROM users WHERE id = :id', {}],
      ['SELECT 1 FROM users WHERE id = :id', { id: 'a' }],
      ['SELECT 1 FROM users WHERE id = :id', { id: 'b' }],
      ['SELECT 1 FROM users WHERE id = :id', { other: 'c' }],
      ['SELECT 1 FROM t WHERE a = :a AND b = :b AND a2 = :a AND c::text = :c', { a: 'x', b: true, c: when }],
      ['SELECT 1 FROM t WHERE a = :a AND b = :b AND a2 = :a AND c::text = :c', { a: 'y', b: false, c: null }],
      ['SELECT 1 FROM t WHERE a = :a AND b = :b AND a2 = :a AND c::text = :c', { a: 'y', b: 0, c: 12.5 }],
      ['SELECT 1 FROM t WHERE a = :a AND n = :n', { a: 'z', n: 3 }],
      ['SELECT 1 FROM t WHERE a = :a AND n = :n', { a: 'z', n: 4 }],
      ['SELECT 1 FROM t WHERE a = :a AND f = :f', { a: 'z', f: () => 'now()' }],
      ['SELECT 1 FROM t WHERE a = :a AND f = :f', { a: 'z', f: 'plain' }],
      ['SELECT 1 FROM t WHERE id IN (:...ids) AND a = :a', { ids: ['p', 'q', 'r'], a: 'z' }],
      ['SELECT 1 FROM t WHERE id IN (:...ids) AND a = :a', { ids: ['p'], a: 'z' }],
      ['SELECT 1 FROM t WHERE id IN (:...ids) AND a = :a', { ids: ['s', 't', 'u'], a: 'y' }],
      ['SELECT 1 FROM t WHERE a = :a AND id IN (:...ids) AND b = :b AND x IN (:...ids) AND a2 = :a', { a: 'y', ids: [true, when], b: when }],
      ['SELECT 1 FROM t WHERE id IN (:...ids) AND a = :a', { ids: 'not a list', a: 'z' }],
      // eslint-disable-next-line no-sparse-arrays
      ['SELECT 1 FROM t WHERE id IN (:...ids) AND a = :a', { ids: [, 'hole'], a: 'z' }],
      ['SELECT 1 FROM t WHERE a = :a AND id IN (:...a)', { a: ['mixed', 'use'] }],
      ['SELECT 1 FROM t WHERE a = :a.b AND text = :text', { 'a.b': 'dotted', text: 'named like a cast' }],
    ];
    for (const [sql, parameters] of cases) {
      let expected: unknown;
      try {
        expected = driver.escapeQueryWithParameters(sql, parameters, {});
      } catch (error) {
        // What the driver refuses (a list that is none), the expansion refuses the same way.
        expect(() => named.expand(sql, parameters)).toThrow((error as Error).message);
        continue;
      }
      // Twice: the first call learns the statement, the second uses what it learnt.
      expect(named.expand(sql, parameters)).toEqual(expected);
      expect(named.expand(sql, parameters)).toEqual(expected);
    }
  });

  it('fails as TypeORM fails: the same error for the same statement (PostgreSQL: a QueryFailedError)', async () => {
    const sql = 'SELECT nope FROM partners';
    const typeorm = (await t.dataSource.query(sql).catch((error: unknown) => error)) as Error;
    // better-sqlite3's TypeORM driver prepares outside its try block: a statement that cannot be
    // prepared fails with the driver's SqliteError, not wrapped (one that fails while running is).
    if (onPostgres()) expect(typeorm).toBeInstanceOf(QueryFailedError);
    const ours = (await raw.rows(sql).catch((error: unknown) => error)) as Error;
    expect(ours).toBeInstanceOf(typeorm.constructor);
    expect(ours.message).toBe(typeorm.message);
    expect(ours.message).toMatch(/nope/);
  });
});
