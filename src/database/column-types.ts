import { getMetadataArgsStorage } from 'typeorm';

export type DriverType = 'sqlite' | 'postgres';

/**
 * Entities declare every instant as `{ type: 'timestamptz' }`. SQLite has no such type, so before
 * a data source is built the declared type is set to the driver's own: `timestamptz` on
 * PostgreSQL, `datetime` (UTC text, handled by TypeORM) on SQLite. Same entities, same code paths.
 */
export function adaptColumnTypesTo(driver: DriverType): void {
  const wanted = driver === 'postgres' ? 'timestamptz' : 'datetime';
  for (const column of getMetadataArgsStorage().columns) {
    if (column.options.type === 'timestamptz' || column.options.type === 'datetime') {
      column.options.type = wanted;
    }
  }
}
