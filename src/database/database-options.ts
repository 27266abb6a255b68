import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { adaptColumnTypesTo, MillisecondUpdateDates } from './column-types.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

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
    // `pipeline`: a statement sent on a connection while another is in flight goes at once instead
    // of waiting for the answer (node-postgres 8.23). Code that awaits each statement runs as
    // before; a new booking sends its lock and its write together (RawWriter.pipelinedBatch).
    // Not for cursors or streams, which node-postgres then refuses: none here.
    return { ...common, type: 'postgres', url: config.database.url, extra: { max: 10, pipeline: true } };
  }
  const path = config.database.path;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    enableWAL: path !== ':memory:',
    // No busy timeout: SQLite would wait for another process's lock in its busy handler, on the
    // main thread with this driver. TransactionRunner tries again off it (BUSY_WAIT_MS).
    timeout: 0,
    statementCacheSize: 500,
    subscribers: [MillisecondUpdateDates],
  };
}
