import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { adaptColumnTypesTo, MillisecondUpdateDates } from './column-types.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { StatementCachingDatabase } from './sqlite-statement-cache.js';

/**
 * sqlite3 as TypeORM loads it, except that its `verbose()` (which TypeORM always calls) leaves the
 * module as it is. Verbose mode wraps every statement to capture a stack trace and `util.inspect`
 * the SQL and its parameters — a tenth of the CPU time of a read-heavy request, and parameters
 * (names, e-mails) copied into error stacks. Errors keep their SQLite message and code. Its
 * connection reuses prepared statements (StatementCachingDatabase).
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, {
  Database: StatementCachingDatabase,
  verbose: (): typeof sqlite3 => quietSqlite3,
});

/** Data source options for the configured database: migrations only, never synchronize. */
export function buildDataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  adaptColumnTypesTo(config.database.type);
  if (config.database.type === 'postgres') {
    return { ...common, type: 'postgres', url: config.database.url, extra: { max: 10 } };
  }
  const path = config.database.path;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    driver: quietSqlite3,
    database: path,
    enableWAL: path !== ':memory:',
    busyTimeout: 5000,
    subscribers: [MillisecondUpdateDates],
  };
}
