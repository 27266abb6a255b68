import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import sqlite3 from 'sqlite3';
import { AppConfig } from '../config/app-config.js';
import { StatementCachingDatabase } from './sqlite-statement-cache.js';

/** Pages SQLite keeps in memory per connection, in KiB (PRAGMA cache_size takes a negative KiB count). */
export const SQLITE_CACHE_KIB = 64 * 1024;

/** Read connections beside the shared one: one per core of a two-core server. */
const READERS = 2;

/**
 * Address space each read connection maps the file into, in bytes. In WAL mode a connection drops
 * its page cache whenever another connection has committed: a report read after any write read
 * the whole file again through system calls (285 ms instead of 40 on the ten-year set). Mapped
 * pages are the operating system's cache, shared and kept across commits.
 */
const MMAP_BYTES = 1024 * 1024 * 1024;

/**
 * Read-only connections to the SQLite file, beside TypeORM's one shared connection. Each
 * node-sqlite3 connection runs its statements one at a time on a thread of its own. The shared
 * connection (better-sqlite3) runs them on the main thread and blocks the process meanwhile, and
 * every statement of the process would queue behind the others there: a period report's dozen
 * independent statements (seconds of CPU on ten years of data) would hold every request. Here
 * they spread over the cores, off the main thread, and never wait behind a write.
 *
 * They see what is committed (the write-ahead log gives each statement a consistent snapshot),
 * never the shared connection's open transaction — so reads that must see their own
 * transaction's writes stay on the transaction's manager (RawReader.rows decides). None for
 * PostgreSQL (its pool already runs statements in parallel) or an in-memory database (another
 * connection would open another, empty, database).
 */
@Injectable()
export class SqliteReadConnections implements BeforeApplicationShutdown {
  private readonly path: string | null;
  private connections: Promise<sqlite3.Database[]> | null = null;
  private next = 0;
  private closed = false;

  /** Reads running now; `exclusive` waits until none is. */
  private running = 0;
  private idle: (() => void) | null = null;
  /** While set, new reads wait for it: `exclusive` work is running. */
  private gate: Promise<void> | null = null;

  constructor(config: AppConfig) {
    const database = config.database;
    this.path = database.type === 'sqlite' && database.path !== ':memory:' && database.path !== '' ? database.path : null;
  }

  get available(): boolean {
    return this.path !== null && !this.closed;
  }

  /**
   * Rows of an already escaped statement (positional `?` values), on the next connection in turn;
   * null once these connections have closed (shutdown), for the caller to use the shared one.
   */
  async all<T>(sql: string, values: unknown[]): Promise<T[] | null> {
    while (this.gate) await this.gate;
    if (this.closed) return null;
    this.running++;
    try {
      const connections = await this.open();
      const connection = connections[this.next++ % connections.length];
      return await new Promise<T[]>((resolve, reject) => {
        connection.all(sql, values, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
      });
    } finally {
      if (--this.running === 0) this.idle?.();
    }
  }

  /**
   * Runs `work` while no read runs on these connections: new reads wait, running ones finish
   * first. A read holds a snapshot of the write-ahead log while it runs, and a checkpoint cannot
   * truncate the log under it (it returns "busy" and leaves the log, and what an erasure
   * overwrote, in `-wal`).
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    try {
      if (this.running > 0) await new Promise<void>((resolve) => (this.idle = resolve));
      return await work();
    } finally {
      this.idle = null;
      this.gate = null;
      open();
    }
  }

  /**
   * Before TypeORM closes the shared connection (onApplicationShutdown): the last connection to
   * close an SQLite file checkpoints the log and removes `-wal` and `-shm`, and that must be the
   * shared one, which needs these closed first. Running reads finish; later ones use the shared
   * connection.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.exclusive(async () => {
      this.closed = true;
      const connections = await this.connections?.catch(() => []);
      await Promise.all((connections ?? []).map((connection) => new Promise<void>((resolve) => connection.close(() => resolve()))));
      this.connections = null;
    });
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
    const connection = new StatementCachingDatabase(path, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      // A checkpoint truncating the log waits for readers; a reader waits out a writer's lock the
      // same 5 s as the shared connection.
      connection.configure('busyTimeout', 5000);
      connection.exec(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}; PRAGMA mmap_size = ${MMAP_BYTES}`, (pragmaError) =>
        pragmaError ? reject(pragmaError) : resolve(connection),
      );
    });
  });
}
