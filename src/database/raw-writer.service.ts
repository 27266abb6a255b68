import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { EntityColumns } from './entity-columns.js';
import { type PgQueryable, PreparedStatements } from './prepared-statements.js';
import type { RawRow } from './raw-reader.service.js';
import { TransactionRunner } from './transaction-runner.service.js';
import { WriteGeneration } from './write-generation.subscriber.js';

/** Distinct statement texts prepared by name on each PostgreSQL connection, at most (a booking's batch varies with its attendees). */
const MAX_PREPARED = 64;

/**
 * Hand-written writes for the hottest write path (a booking and its reminders), the counterpart
 * of RawReader: TypeORM's insert builder spent ~0.2 ms of CPU per statement building its SQL and
 * parameters — inside the transaction that, on SQLite, every other booking of the process waits
 * for. The SQL is the owning feature's, with `:named` parameters; values are converted with the
 * entity's own column metadata (`values`), so rows are stored exactly as a repository stores them
 * on SQLite and PostgreSQL alike. Writes run only inside a TransactionRunner transaction, and
 * count as writes for WriteGeneration as TypeORM's do. On PostgreSQL, the writes of a `batch` go
 * to the server as one statement: one round trip for a booking, its attendees and its reminders.
 */
@Injectable()
export class RawWriter {
  private readonly columns: EntityColumns;
  /** PostgreSQL: the writes held by a running `batch`, per transaction (its manager). */
  private readonly held = new WeakMap<EntityManager, Array<[query: string, values: unknown[]]>>();
  /** PostgreSQL: the statements sent in a transaction, by name (`sent`). */
  private readonly prepared = new PreparedStatements('write', MAX_PREPARED, () => this.dataSource.logger);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly writes: WriteGeneration,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.columns = new EntityColumns(dataSource);
  }

  /** Runs a write in the ambient transaction (an Error outside one: on SQLite it would join another's). */
  async run(sql: string, parameters: ObjectLiteral): Promise<void> {
    if (!this.tx.inTransaction) throw new Error('RawWriter.run outside TransactionRunner.run');
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters, {});
    const held = this.held.get(this.tx.manager);
    if (held) {
      held.push([query, values]);
      return;
    }
    await this.tx.manager.query(query, values);
    this.writes.bump();
  }

  /**
   * Runs `work`, whose `run` writes, on PostgreSQL, are held and sent at its end as one
   * statement: the first ones as data-modifying WITH queries of the last (`WITH w0 AS (INSERT …)
   * INSERT …`). PostgreSQL runs them all, with its foreign keys checked at the end of the statement
   * (a child row may come before its parent), and an error (the exclusion constraint's 23P01) fails
   * the batch, thrown by `batch` as the write itself would have; when `work` throws, nothing it
   * wrote is sent. `work` must not read what it writes, nor write through TypeORM. On SQLite, whose
   * driver takes one statement at a time, the writes run as they come. A batch inside a batch joins it.
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    if (!this.tx.inTransaction) throw new Error('RawWriter.batch outside TransactionRunner.run');
    const manager = this.tx.manager;
    if (this.tx.isSqlite || this.held.has(manager)) return work();
    const [result, held] = await this.holding(manager, work);
    if (held.length > 0) await this.send(manager, held);
    return result;
  }

  /**
   * `batch`, with `sql` read in the statement that sends its writes: on PostgreSQL the writes go
   * as WITH queries of the read, which sees the database as the statement found it — without
   * them. On SQLite, read first, then `work` as `batch` runs it. For a check whose refusal rolls
   * the writes back: one round trip for both.
   */
  async readThenBatch<R extends RawRow>(sql: string, parameters: ObjectLiteral, work: () => Promise<void>): Promise<R[]> {
    if (!this.tx.inTransaction) throw new Error('RawWriter.readThenBatch outside TransactionRunner.run');
    const read = this.dataSource.driver.escapeQueryWithParameters(sql, parameters, {});
    const manager = this.tx.manager;
    if (this.tx.isSqlite) {
      const rows = (await manager.query(...read)) as R[];
      await work();
      return rows;
    }
    if (this.held.has(manager)) throw new Error('RawWriter.readThenBatch inside a batch');
    const [, held] = await this.holding(manager, work);
    return (await this.send(manager, [...held, read], held.length > 0)) as R[];
  }

  /**
   * PostgreSQL: `reads` (the first one locking what the batch depends on, `FOR UPDATE`), then
   * readThenBatch's statement, sent one behind the other without waiting for the answers: the
   * pool's connections are pipelined (database-options.ts). PostgreSQL still runs them in order,
   * each statement with a snapshot taken when it starts, so the batch sees whatever the lock's
   * previous holder committed. What changes is the lock's length: the batch is already on the
   * server when the lock is granted, rather than sent once node has the locked row and its turn
   * of the event loop. The caller checks the answers, in order, and throws to roll the batch's
   * writes back with the transaction. Every answer comes settled: after a failed statement the
   * transaction is aborted, nothing more can be read in it, so what the checks need is in `reads`.
   */
  async pipelinedBatch<R extends RawRow>(
    reads: Array<[sql: string, parameters: ObjectLiteral]>,
    read: [sql: string, parameters: ObjectLiteral],
    work: () => Promise<void>,
  ): Promise<{ reads: Array<PromiseSettledResult<RawRow[]>>; batch: PromiseSettledResult<R[]> }> {
    if (!this.tx.inTransaction) throw new Error('RawWriter.pipelinedBatch outside TransactionRunner.run');
    if (this.tx.isSqlite) throw new Error('RawWriter.pipelinedBatch: PostgreSQL only');
    const manager = this.tx.manager;
    if (this.held.has(manager)) throw new Error('RawWriter.pipelinedBatch inside a batch');
    const [, held] = await this.holding(manager, work);
    const escape = ([sql, parameters]: [string, ObjectLiteral]) => this.dataSource.driver.escapeQueryWithParameters(sql, parameters, {});
    // Every statement is built before the first is sent: one that cannot be (a `:...list` that is
    // no array) throws before anything reaches the server. A missing parameter does not throw: its
    // `:name` is sent as written, a syntax error that aborts the transaction, and every statement
    // after it answers that the transaction is aborted.
    const [query, values] = combined([...held, escape(read)]);
    const escapedReads = reads.map(escape);
    const connection = await this.connection(manager);
    // `sentOn` puts its statement on the connection before it returns: they leave in this order.
    const sentReads = escapedReads.map((statement) => this.sentOn<RawRow>(...statement, connection));
    const sentBatch = this.sentOn<R>(query, values, connection);
    const [batch, ...answers] = await Promise.allSettled([sentBatch, ...sentReads]);
    if (batch.status === 'fulfilled' && held.length > 0) this.writes.bump();
    return { reads: answers, batch };
  }

  /** Runs `work` holding its writes; returns what it returned and them. */
  private async holding<T>(manager: EntityManager, work: () => Promise<T>): Promise<[T, Array<[string, unknown[]]>]> {
    const held: Array<[string, unknown[]]> = [];
    this.held.set(manager, held);
    try {
      return [await work(), held];
    } finally {
      this.held.delete(manager);
    }
  }

  private async send(manager: EntityManager, statements: Array<[string, unknown[]]>, writes = true): Promise<unknown> {
    const [query, values] = combined(statements);
    const result = await this.sent(query, values, manager);
    if (writes) this.writes.bump();
    return result;
  }

  /**
   * PostgreSQL: a statement of the transaction sent on its connection as a named prepared
   * statement (what TypeORM's query runner does not offer), its rows returned: each connection
   * parses, analyses and plans a booking's statements once instead of on every booking (measured
   * on the bench data: about 0.2 ms less of the server's and 0.2 ms less of node's CPU per booking).
   * Errors and logging as TypeORM's (a QueryFailedError: the exclusion constraint's 23P01 reads as
   * from `manager.query`). A result whose columns a migration changed fails once: later statements
   * are prepared afresh under new names.
   */
  private async sent(query: string, values: unknown[], manager: EntityManager): Promise<unknown[]> {
    return this.sentOn(query, values, await this.connection(manager));
  }

  /** The transaction's connection: its query runner and node-postgres client. */
  private async connection(manager: EntityManager): Promise<{ queryRunner: QueryRunner; client: PgQueryable }> {
    const queryRunner = manager.queryRunner;
    if (!queryRunner) throw new Error('RawWriter: no query runner in the transaction');
    // Its transaction has ended (a statement sent after its work settled): never on a connection back in the pool.
    if (queryRunner.isReleased) throw new Error('RawWriter: the transaction has ended');
    return { queryRunner, client: (await queryRunner.connect()) as PgQueryable };
  }

  /** `sent` on a connection already at hand: the statement is on it when this returns (PreparedStatements.run sends before it awaits). */
  private sentOn<R>(query: string, values: unknown[], { queryRunner, client }: { queryRunner: QueryRunner; client: PgQueryable }): Promise<R[]> {
    return this.prepared.run<R>(client, query, values, { queryRunner });
  }

  /**
   * The entity's values as the driver stores them (dates as SQLite's UTC text, booleans as 0/1,
   * simple-json as text…), keyed by property name, `:prefix` + name when given (several rows in
   * one statement). Properties left undefined are left out: the column's default applies.
   */
  values<T extends ObjectLiteral>(target: EntityTarget<T>, entity: Partial<T>, prefix = ''): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const column of this.columns.of(target)) {
      const value: unknown = entity[column.propertyName];
      if (value !== undefined) values[prefix + column.propertyName] = this.dataSource.driver.preparePersistentValue(value, column);
    }
    return values;
  }
}

/**
 * PostgreSQL: statements as one, the last one's WITH queries the others, each one's `$n`
 * parameters numbered after the previous ones' (their SQL holds no other `$`: values are parameters).
 */
function combined(writes: Array<[string, unknown[]]>): [string, unknown[]] {
  if (writes.length === 1) return writes[0];
  const values: unknown[] = [];
  const queries = writes.map(([query, own]) => {
    const offset = values.length;
    values.push(...own);
    return query.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = queries.pop()!;
  return [`WITH ${queries.map((query, i) => `w${i} AS (${query})`).join(', ')} ${last}`, values];
}
