import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Partner } from '../src/partners/partner.entity.js';
import { rows } from './helpers/db.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

const MILLISECONDS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

// SQLite keeps instants as text: every way TypeORM writes created_at/updated_at must give the
// same precision as the column defaults (milliseconds), or rows of one second sort out of order.
// PostgreSQL's timestamptz has one precision whatever writes it.
(onPostgres() ? describe.skip : describe)('timestamps on SQLite: one precision everywhere', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const stored = async (id: string) =>
    (await rows<{ created_at: string; updated_at: string }>(t, 'SELECT created_at, updated_at FROM partners WHERE id = $1', [id]))[0];

  it('save() and insert() write created_at and updated_at to the millisecond', async () => {
    const repo = t.dataSource.getRepository(Partner);
    const saved = await repo.save(repo.create({ name: 'Saved', nameKey: 'SAVED', kind: 'association' }));
    const inserted = repo.create({ name: 'Inserted', nameKey: 'INSERTED', kind: 'association' });
    await repo.insert(inserted);
    for (const id of [saved.id, inserted.id]) {
      const row = await stored(id);
      expect(row.created_at).toMatch(MILLISECONDS);
      expect(row.updated_at).toMatch(MILLISECONDS);
    }
  });

  it('update() through a repository or a query builder writes updated_at to the millisecond', async () => {
    const repo = t.dataSource.getRepository(Partner);
    const partner = await repo.save(repo.create({ name: 'Updated', nameKey: 'UPDATED', kind: 'association' }));
    await repo.update({ id: partner.id }, { active: false });
    expect((await stored(partner.id)).updated_at).toMatch(MILLISECONDS);
    await t.dataSource.createQueryBuilder().update(Partner).set({ active: true }).where('id = :id', { id: partner.id }).execute();
    expect((await stored(partner.id)).updated_at).toMatch(MILLISECONDS);
  });
});
