import { RawWriter } from '../../src/database/raw-writer.service.js';
import { Partner } from '../../src/partners/partner.entity.js';
import { rows } from './db.js';
import type { TestApp } from './test-app.js';

export interface RawPartners {
  insert: (id: string, name: string) => Promise<void>;
  names: (ids: string[]) => Promise<string[]>;
}

/**
 * Partners as the database layer's tests use them: written by RawWriter in the caller's
 * transaction (a row with nothing else attached), read back by id, sorted by name.
 */
export function rawPartners(t: TestApp): RawPartners {
  const writer = t.app.get(RawWriter);
  return {
    insert: (id, name) => {
      const now = new Date();
      return writer.run(
        'INSERT INTO partners (id, name, name_key, kind, active, created_at, updated_at) VALUES (:id, :name, :nameKey, :kind, :active, :createdAt, :updatedAt)',
        writer.values(Partner, { id, name, nameKey: name.toUpperCase(), kind: 'association', active: true, createdAt: now, updatedAt: now }),
      );
    },
    names: async (ids) =>
      (await rows<{ name: string }>(t, `SELECT name FROM partners WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY name`, ids)).map((r) => r.name),
  };
}
