import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { configureApp } from '../../src/configure-app.js';
import { WritesOutsideTransactions } from '../../src/database/writes-outside-transactions.subscriber.js';

export const ADMIN_PASSWORD = 'admin-password-0';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** `TEST_DATABASE=postgres` runs the e2e suite on PostgreSQL; SQLite otherwise. */
export const onPostgres = (): boolean => process.env.TEST_DATABASE === 'postgres';

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  config: AppConfig;
  dataSource: DataSource;
  /** A database URL other processes (a worker, a restart) can open. */
  databaseUrl: string;
  close: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A database of its own: a fresh PostgreSQL database, or an in-memory SQLite one. */
export async function createTestDatabase(sqliteUrl = 'sqlite::memory:'): Promise<TestDatabase> {
  if (!onPostgres()) return { url: sqliteUrl, drop: async () => undefined };
  const name = `fablab_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * An SQLite file of its own, removed by `remove` (with its -wal and -shm): the database as
 * production has it, read by the report through read connections of its own (an in-memory
 * database has none). On PostgreSQL, nothing: `env` is empty and the usual fresh database is used.
 */
export function sqliteFileDatabase(): { env: Record<string, string>; remove: () => void } {
  if (onPostgres()) return { env: {}, remove: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'fablab-test-'));
  return { env: { DATABASE_URL: `sqlite:${join(dir, 'fablab.sqlite')}` }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function flushQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis may be stopped on purpose by a test.
  } finally {
    redis.disconnect();
  }
}

/**
 * The whole application, as main.ts builds it, on a database and a queue prefix of its own.
 * `env` overrides any variable (e.g. RUN_MODE, DATABASE_URL for a file); `extra.imports` adds
 * test-only modules.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  extra: { imports?: NonNullable<ModuleMetadata['imports']> } = {},
): Promise<TestApp> {
  const database = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `test-${randomBytes(5).toString('hex')}`,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: 'admin@fablab.test',
    ADMIN_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RUN_MODE: 'all',
    // Tests read the figures they have just written: no statistics cache unless a test asks for one.
    STATS_CACHE_SECONDS: '0',
    // The daily sweeps and the Monday digest must not fire in the middle of a test that happens
    // to run at 04:15, 06:00… in Paris: tests run them on purpose (POST /admin/jobs/:name/run).
    SCHEDULED_SWEEPS: 'off',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), ...(extra.imports ?? [])] }).compile();
  const app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    config,
    dataSource: app.get(DataSource),
    databaseUrl: database.url,
    close: async (options = {}) => {
      // What the application wrote outside TransactionRunner.run (SQLite), not counting what a
      // test wrote directly, or the start-up's writes made before any request could run.
      const outside = app.get(WritesOutsideTransactions).seen.filter((write) => !/[/\\]test[/\\]/.test(write.stack));
      await app.close();
      await flushQueuePrefix(config.queuePrefix);
      if (!options.keepDatabase) await database.drop();
      if (outside.length > 0) {
        throw new Error(`the application wrote outside TransactionRunner.run:\n${outside.map((write) => `${write.entity}\n${write.stack}`).join('\n\n')}`);
      }
    },
  };
}
