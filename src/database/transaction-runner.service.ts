import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as turnOfTheLoop, setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isBusy } from '../common/errors/database-errors.js';
import { runPostgresTransaction } from './postgres-transaction.js';
import { SqliteReadConnections } from './sqlite-read-connections.service.js';
import { WriteGeneration } from './write-generation.subscriber.js';

type AfterCommit = () => void | Promise<void>;

/** Checkpoints tried before giving up on truncating the log (50, 100, 150, 200 ms apart). */
const CHECKPOINT_ATTEMPTS = 5;

/**
 * SQLite: how long a transaction keeps trying while another process holds the file's lock (the
 * sqlite3 shell, `seed:demo`), its pauses growing from 10 to 200 ms — off the main thread, where
 * SQLite's own busy timeout would wait (the shared connection's is 0: database-options.ts).
 */
const BUSY_WAIT_MS = 5_000;

/** SQLite: top-level transactions committed together at most (see `run`). */
const MAX_GROUP = 16;

/** SQLite: the shared better-sqlite3 connection, as much of it as this code uses. */
export interface SharedSqliteConnection {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): { readonly readonly: boolean; all(values: unknown[]): unknown[] };
}

/** A top-level SQLite transaction waiting for its group. */
interface Waiting {
  work: () => Promise<unknown>;
  afterCommit: AfterCommit[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface TransactionScope {
  manager: EntityManager;
  afterCommit: AfterCommit[];
}

/**
 * Runs a use case in one transaction. On SQLite, TypeORM shares one connection, so top-level
 * transactions are serialised in-process (a promise chain); nested calls join the outer
 * transaction. Work registered with `afterCommit` (enqueueing jobs) runs only once committed.
 *
 * SQLite's shared connection (better-sqlite3) answers on the main thread: each of a transaction's
 * awaits resolves at once, so nothing else of the process runs until it ends. Each group of
 * top-level transactions (below) therefore starts after a turn of the event loop — a loop of them
 * (the retention sweep's erasures, thousands on a first run) would otherwise hold every request
 * and timer until the last — and one that finds the file locked by another process is tried again
 * a little later instead of SQLite waiting in its busy handler, on the main thread too.
 *
 * Group commit, on SQLite: the transactions that arrived meanwhile (up to MAX_GROUP) run one after
 * the other in one SQLite transaction, each in a savepoint of its own, and one COMMIT makes them
 * all durable — one disk flush (synchronous FULL) instead of one each, and the flush holds the
 * main thread. Each still succeeds or fails alone: a failure rolls back its savepoint only, and
 * its caller gets its error. None is answered before the COMMIT: if the COMMIT fails, or SQLite
 * ended the transaction itself (a full disk), every one of the group fails, each with that
 * error. A `work` may run again when the group is retried (SQLITE_BUSY), even when another member
 * met the lock; and it must not await slow work that is not the database's (a password hash):
 * the members before it wait for its group's COMMIT.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private readonly scope = new AsyncLocalStorage<TransactionScope>();
  private tail: Promise<unknown> = Promise.resolve();
  /** SQLite: transactions waiting for the next group; `grouped` while that group is queued on `tail`. */
  private waiting: Waiting[] = [];
  private grouped = false;
  /** Top-level transactions of this runner running now (at most one on SQLite). */
  private open = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteGeneration,
    private readonly readers: SqliteReadConnections,
  ) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /**
   * Runs `work` in the transaction: inside it, `manager` is the transaction's (the one style:
   * services read `this.tx.manager`, never a manager passed around).
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const current = this.scope.getStore();
    if (current) return work();

    const afterCommit: AfterCommit[] = [];
    let result: T;
    if (this.isSqlite) {
      result = await new Promise<T>((resolve, reject) => {
        this.waiting.push({ work, afterCommit, resolve: resolve as (value: unknown) => void, reject });
        this.queueGroup();
      });
    } else {
      this.open++;
      try {
        // BEGIN leaves with the transaction's first statement: runPostgresTransaction.
        result = await runPostgresTransaction(this.dataSource, (manager) => this.scope.run({ manager, afterCommit }, () => work()));
      } catch (error) {
        // What a failed transaction wrote is gone.
        this.writes.bump();
        throw error;
      } finally {
        this.open--;
      }
    }
    for (const hook of afterCommit) {
      // The transaction is committed: a failing hook (Redis down) must not fail the use case.
      // What it was meant to do is recorded in the database and reconciled later.
      try {
        await hook();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'after-commit hook failed');
      }
    }
    return result;
  }

  /** SQLite: queues a group behind what runs (transactions, a checkpoint), unless one is queued already. */
  private queueGroup(): void {
    if (this.grouped) return;
    this.grouped = true;
    const next = () => this.runGroup();
    this.tail = this.tail.then(next, next).catch(() => undefined);
  }

  /**
   * SQLite: after a turn of the event loop (what arrives meanwhile joins), the waiting
   * transactions, MAX_GROUP at most, in one transaction (`group`); again while it fails because
   * another process holds the file's lock (SQLITE_BUSY: the write lock at the first write, or a
   * transaction that read first and cannot upgrade), for up to BUSY_WAIT_MS — what a failed try
   * wrote is rolled back, its after-commit work dropped, and every `work` runs again from the start.
   */
  private async runGroup(): Promise<void> {
    await turnOfTheLoop();
    this.grouped = false;
    const members = this.waiting.splice(0, MAX_GROUP);
    if (this.waiting.length > 0) this.queueGroup();
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let pause = 10; ; pause = Math.min(2 * pause, 200)) {
      try {
        const outcomes = await this.group(members);
        outcomes.forEach((outcome, i) => (outcome.ok ? members[i].resolve(outcome.value) : members[i].reject(outcome.error)));
        return;
      } catch (error) {
        // What the group wrote is gone (and was seen by reads on the shared connection meanwhile).
        this.writes.bump();
        if (!isBusy(error) || Date.now() + pause > deadline) {
          for (const member of members) member.reject(error);
          return;
        }
        await sleep(pause);
      }
    }
  }

  /**
   * One SQLite transaction for `members`, each in a savepoint (none for a group of one): their
   * outcomes, once committed. Throws — failing them all — when the COMMIT fails, when a member
   * meets SQLITE_BUSY (the group is tried again), or when SQLite has ended the transaction itself
   * after a member's error (SQLITE_FULL, SQLITE_IOERR: its savepoint is gone with it).
   */
  private async group(members: Waiting[]): Promise<Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>> {
    this.open++;
    try {
      return await this.dataSource.transaction(async (outer) => {
        const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
        for (const member of members) {
          member.afterCommit.length = 0;
          const scoped = (manager: EntityManager) => this.scope.run({ manager, afterCommit: member.afterCommit }, () => member.work());
          if (members.length === 1) {
            outcomes.push({ ok: true, value: await scoped(outer) });
            continue;
          }
          try {
            outcomes.push({ ok: true, value: await outer.transaction(scoped) });
          } catch (error) {
            if (isBusy(error) || !outer.queryRunner?.isTransactionActive || !this.sqliteInTransaction) throw error;
            // Its savepoint is rolled back; what it wrote was seen by reads on the shared connection.
            this.writes.bump();
            member.afterCommit.length = 0;
            outcomes.push({ ok: false, error });
          }
        }
        return outcomes;
      });
    } finally {
      this.open--;
      await this.repairAfterGroup();
    }
  }

  /**
   * After a group, SQLite's connection and TypeORM's query runner must both be out of any
   * transaction. When SQLite ended one itself (SQLITE_FULL, SQLITE_IOERR after a member's error),
   * TypeORM's ROLLBACK TO SAVEPOINT and ROLLBACK fail, are swallowed, and leave its runner believing
   * one is open: the next group would start with a SAVEPOINT instead of BEGIN, and the first to
   * fail whole would leave SQLite's transaction open for good — every later write answered, never
   * committed. Put both back, loudly.
   */
  private async repairAfterGroup(): Promise<void> {
    const runner = this.dataSource.createQueryRunner() as unknown as { isTransactionActive: boolean; transactionDepth: number };
    if (!this.sqliteInTransaction && !runner.isTransactionActive && runner.transactionDepth === 0) return;
    this.logger.error({ sqliteInTransaction: this.sqliteInTransaction, depth: runner.transactionDepth }, 'transaction state left inconsistent after a group: rolled back and reset');
    if (this.sqliteInTransaction) await this.dataSource.query('ROLLBACK');
    runner.isTransactionActive = false;
    runner.transactionDepth = 0;
  }

  /** SQLite: whether the shared connection is inside a transaction (SQLite may end one itself after some errors). */
  private get sqliteInTransaction(): boolean {
    return this.sqliteConnection?.inTransaction === true;
  }

  /** SQLite: the one shared connection (better-sqlite3) as TypeORM's driver holds it; null on PostgreSQL. */
  get sqliteConnection(): SharedSqliteConnection | null {
    if (!this.isSqlite) return null;
    return (this.dataSource.driver as unknown as { databaseConnection?: SharedSqliteConnection }).databaseConnection ?? null;
  }

  /**
   * SQLite: moves the write-ahead log into the database file and truncates it, so that what an
   * erasure overwrote does not linger in `-wal`. Queued behind running transactions (on the one
   * shared connection it must not run inside one) and run while this process's read connections
   * are idle (a running read's snapshot keeps the log). A reader of another process (a second
   * instance, the sqlite3 shell) can still hold it: tried again a few times, then logged — the
   * next checkpoint (SQLite's own, after 1,000 pages of log) moves it. No-op on PostgreSQL.
   */
  async checkpoint(): Promise<void> {
    if (!this.isSqlite) return;
    const execute = () => this.readers.exclusive(() => this.truncateLog());
    const turn = this.tail.then(execute, execute);
    this.tail = turn.catch(() => undefined);
    await turn;
  }

  private async truncateLog(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const [result] = await this.checkpointNow();
      if (!result || Number(result.busy) === 0) return;
      if (attempt === CHECKPOINT_ATTEMPTS) {
        this.logger.warn({ attempts: attempt }, 'write-ahead log not truncated: another connection is reading; SQLite moves it later');
        return;
      }
      await sleep(50 * attempt);
    }
  }

  /**
   * One try, without waiting for readers (the shared connection's busy timeout is 0): on the main
   * thread, SQLite's busy handler would hold every request while another process's reader keeps
   * its snapshot. The retries above wait off the thread.
   */
  private async checkpointNow(): Promise<Array<{ busy: number }>> {
    return (await this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)')) as Array<{ busy: number }>;
  }

  /** Registers work to run after the surrounding transaction commits (or now, outside one). */
  async afterCommit(hook: AfterCommit): Promise<void> {
    const current = this.scope.getStore();
    if (current) current.afterCommit.push(hook);
    else await hook();
  }

  /**
   * Runs `work` as if outside any transaction (its reads on the pool, or SQLite's read
   * connections): for what must be read after the caller's transaction failed, which may be an
   * outer one, now aborted.
   */
  outside<T>(work: () => Promise<T>): Promise<T> {
    return this.scope.exit(work);
  }

  /** Whether a transaction of this runner is running now, the caller's or another's. */
  get anyOpen(): boolean {
    return this.open > 0;
  }

  /** Whether the caller runs inside a transaction of this runner. */
  get inTransaction(): boolean {
    return this.scope.getStore() !== undefined;
  }

  /** The manager of the surrounding transaction, or the default one. */
  get manager(): EntityManager {
    return this.scope.getStore()?.manager ?? this.dataSource.manager;
  }
}
