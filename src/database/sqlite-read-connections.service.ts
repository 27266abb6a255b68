import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import sqlite3 from 'sqlite3';
import { AppConfig } from '../config/app-config.js';

/** Pages SQLite keeps in memory per connection, in KiB (PRAGMA cache_size takes a negative KiB count). */
export const SQLITE_CACHE_KIB = 64 * 1024;

/** Read connections beside the shared one: one per core of a two-core server. */
const READERS = 2;

/**
 * Read-only connections to the SQLite file, beside TypeORM's one shared connection. Each
 * node-sqlite3 connection runs its statements one at a time on a thread of its own: through the
 * shared connection, every statement of the process queues behind the others, and a period
 * report's dozen independent statements (seconds of CPU on ten years of data) used one core
 * while the other waited. Here they spread over the cores and never wait behind a write.
 *
 * They see what is committed (the write-ahead log gives each statement a consistent snapshot),
 * never the shared connection's open transaction — so reads that must see their own
 * transaction's writes stay on the transaction's manager (RawReader.rows decides). None for
 * PostgreSQL (its pool already runs statements in parallel) or an in-memory database (another
 * connection would open another, empty, database).
 */
@Injectable()
export class SqliteReadConnections implements OnApplicationShutdown {
  private readonly path: string | null;
  private connections: Promise<sqlite3.Database[]> | null = null;
  private next = 0;
  private closed = false;

  constructor(config: AppConfig) {
    const database = config.database;
    this.path = database.type === 'sqlite' && database.path !== ':memory:' && database.path !== '' ? database.path : null;
  }

  get available(): boolean {
    return this.path !== null && !this.closed;
  }

  /** Rows of an already escaped statement (positional `?` values), on the next connection in turn. */
  async all<T>(sql: string, values: unknown[]): Promise<T[]> {
    const connections = await this.open();
    const connection = connections[this.next++ % connections.length];
    return new Promise<T[]>((resolve, reject) => {
      connection.all(sql, values, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const connections = await this.connections?.catch(() => []);
    await Promise.all((connections ?? []).map((connection) => new Promise<void>((resolve) => connection.close(() => resolve()))));
    this.connections = null;
  }

  private open(): Promise<sqlite3.Database[]> {
    if (!this.connections) {
      const path = this.path!;
      this.connections = Promise.all(Array.from({ length: READERS }, () => openReadOnly(path)));
      // A failed open (file gone) is tried again by the next read rather than cached.
      this.connections.catch(() => (this.connections = null));
    }
    return this.connections;
  }
}

function openReadOnly(path: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const connection = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      // A checkpoint truncating the log waits for readers; a reader waits out a writer's lock the
      // same 5 s as the shared connection.
      connection.configure('busyTimeout', 5000);
      connection.exec(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`, (pragmaError) => (pragmaError ? reject(pragmaError) : resolve(connection)));
    });
  });
}
