import type { DataSource } from 'typeorm';

/** Any fixed 64-bit number: the advisory lock all instances take to migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_345_210_981;

/**
 * Applies pending migrations. On PostgreSQL several instances may start together (API and
 * workers), so they take turns under an advisory lock; the later ones find nothing to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    // Keep the query planner's statistics current (cheap; SQLite decides what needs analysing).
    await dataSource.query('PRAGMA optimize=0x10002');
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
