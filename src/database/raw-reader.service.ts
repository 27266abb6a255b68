import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityTarget, type ObjectLiteral, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { isBusy } from '../common/errors/database-errors.js';
import { EntityColumns } from './entity-columns.js';
import { type PgQueryable, PreparedStatements } from './prepared-statements.js';
import { NamedParameters } from './named-parameters.js';
import { SqliteReadConnections } from './sqlite-read-connections.service.js';
import { type SharedSqliteConnection, TransactionRunner } from './transaction-runner.service.js';

/** Distinct statement texts prepared by name on each PostgreSQL connection, at most (`IN` lists of every length stay unnamed beyond). */
const MAX_PREPARED = 200;

/** SQLite: prepared statements of `small` reads kept on the shared connection, at most (the least recently used goes). */
const MAX_SHARED_STATEMENTS = 50;

/** A raw row: column names as selected, values as the driver returns them. */
export type RawRow = Record<string, unknown>;

export interface RawReadOptions {
  /**
   * PostgreSQL, outside a transaction: an unnamed statement, planned for its parameters on every
   * run, never a named one. A named statement is planned generically after five runs, its
   * parameters unknown: for one whose best plan depends on them (a range's rows), a worse plan.
   */
  planEachTime?: boolean;
  /**
   * SQLite, outside a transaction: a read of a few rows found through an index, whose time does
   * not grow with the data (the guard's session check, what holds a machine over a month). It
   * runs at once on the shared connection, on the main thread, rather than on a read connection:
   * handing a statement to a read connection's thread and building its rows back on the main
   * thread cost the main thread more than such a read itself (availability over 31 days on the
   * ten-year set: 480–520 µs of node's CPU per request instead of 690–750). Never for a read that
   * scans or aggregates much (a report, the learner dashboard): every request would wait for it.
   * A statement that writes is refused, as the read connections (read-only) refuse it. Values are
   * bound as the shared connection binds them: list items (`:...ids`) as strings or numbers, and
   * its text should not vary from call to call (on SQLite a number is written into the text).
   */
  small?: boolean;
}

/**
 * Hand-written SQL for the hot read paths, where TypeORM's query builder and entity transformer
 * cost several times the query itself (measured: 390 µs of CPU against 170 µs for the same 13
 * enrolment steps read raw). Parameters are named (`:id`, `:...ids`) and escaped by the driver,
 * Dates and booleans included; rows are hydrated with the entity's own column metadata, so values
 * come out exactly as a repository would give them, on SQLite and PostgreSQL alike. Reads join the
 * surrounding transaction when there is one; outside one, on an SQLite file, they use read connections of
 * their own (small ones the shared connection, when no transaction is open there), and on PostgreSQL
 * named prepared statements on the pool.
 */
@Injectable()
export class RawReader {
  private readonly columns: EntityColumns;
  private readonly named: NamedParameters;
  /** PostgreSQL: the statements read on the pool, by name. */
  private readonly prepared = new PreparedStatements('raw', MAX_PREPARED, () => this.dataSource.logger);
  /** By entity: the database names of its instant columns (`fromJson`). */
  private readonly instantColumns = new Map<unknown, string[]>();
  /** SQLite: the `small` reads' statements, prepared on `sharedFor`. */
  private readonly sharedStatements = new Map<string, ReturnType<SharedSqliteConnection['prepare']>>();
  private sharedFor: SharedSqliteConnection | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readers: SqliteReadConnections,
  ) {
    this.columns = new EntityColumns(dataSource);
    this.named = new NamedParameters(dataSource.driver);
  }

  /**
   * Rows of `sql` with `:named` parameters. Inside a transaction, through it (its own writes
   * included). Outside one, on an SQLite file, on a read-only connection of its own
   * (SqliteReadConnections): what is committed — never another request's open transaction, which
   * the one shared connection shows — and statements running side by side on the cores instead of
   * queueing behind each other and behind the writes. A `small` read runs on the shared connection
   * when no transaction is open there (`sharedRows`).
   */
  async rows<T extends RawRow = RawRow>(sql: string, parameters: ObjectLiteral = {}, options: RawReadOptions = {}): Promise<T[]> {
    const [query, values] = this.named.expand(sql, parameters);
    if (options.small && !this.tx.inTransaction) {
      const rows = this.sharedRows<T>(query, values);
      if (rows) return rows;
    }
    if (this.readers.available && !this.tx.inTransaction) {
      const rows = await this.readers.all<T>(query, values);
      if (rows) return rows;
    }
    if (this.dataSource.driver.options.type === 'postgres' && !this.tx.inTransaction) return this.preparedRows<T>(query, values, options.planEachTime === true);
    return (await this.tx.manager.query(query, values)) as T[];
  }

  /**
   * PostgreSQL, outside a transaction: on the pool, as a named prepared statement, what
   * TypeORM's query runner does not offer. Each connection parses and analyses a statement
   * once instead of on every request (the learner dashboard's seven statements spent more
   * server time being planned than run), and the runner's per-query work (its object, the
   * pool checkout, the subscriber broadcasts) is skipped. Errors and logging as TypeORM's.
   */
  private async preparedRows<T>(query: string, values: unknown[], unnamed: boolean): Promise<T[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as PgQueryable;
    return this.prepared.run<T>(pool, query, values, { unnamed, retry: true });
  }

  /**
   * SQLite, a `small` read: its rows, read at once on the shared connection — or null when they
   * cannot be read there now, for a read connection to read them: the connection is closed, or a
   * transaction is open on it (another request's, between two of its statements: its uncommitted
   * writes show there), or another process holds a lock the read needs (SQLITE_BUSY: the read
   * connection waits it out off the main thread). Synchronous from the check to the last row
   * (better-sqlite3): no transaction can begin in between.
   */
  private sharedRows<T>(query: string, values: unknown[]): T[] | null {
    const connection = this.tx.sqliteConnection;
    if (!connection?.open || connection.inTransaction) return null;
    try {
      return this.sharedStatement(connection, query).all(values) as T[];
    } catch (error) {
      if (isBusy(error)) return null;
      this.dataSource.logger.logQueryError(error as Error, query, values);
      throw new QueryFailedError(query, values, error as Error);
    }
  }

  /** The statement of `query` prepared on `connection`, kept for the next time (MAX_SHARED_STATEMENTS). */
  private sharedStatement(connection: SharedSqliteConnection, query: string): ReturnType<SharedSqliteConnection['prepare']> {
    if (this.sharedFor !== connection) {
      this.sharedStatements.clear();
      this.sharedFor = connection;
    }
    let statement = this.sharedStatements.get(query);
    if (statement) {
      this.sharedStatements.delete(query);
    } else {
      statement = connection.prepare(query);
      // In autocommit, a write here would be committed outside any transaction of TransactionRunner.
      if (!statement.readonly) throw new Error('a small read must not write: the statement changes the database');
      if (this.sharedStatements.size >= MAX_SHARED_STATEMENTS) this.sharedStatements.delete(this.sharedStatements.keys().next().value as string);
    }
    this.sharedStatements.set(query, statement);
    return statement;
  }

  /**
   * The entity's fields read from a row that selected its columns under their database names
   * (`SELECT e.*` or a list of them); other keys of the row are ignored. A plain object, not an
   * instance: for reading.
   */
  hydrate<T extends ObjectLiteral>(target: EntityTarget<T>, row: RawRow): T {
    const entity: ObjectLiteral = {};
    for (const column of this.columns.of(target)) {
      if (column.databaseName in row) {
        entity[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column);
      }
    }
    return entity as T;
  }

  /**
   * SQLite: `json_object(…)` of the entity's columns read through `alias` (a subquery's rows,
   * `SELECT e.*`), under their database names, and of `extra` columns: a row as JSON, for
   * `json_group_array` — what PostgreSQL's `json_agg(alias)` gives without naming them. Values keep
   * the types a direct read gives (text, integers, null), so its rows go to `hydrate` as they are.
   */
  jsonObject(target: EntityTarget<ObjectLiteral>, alias: string, extra: string[] = []): string {
    const names = [...this.columns.of(target).map((column) => column.databaseName), ...extra];
    return `json_object(${names.map((name) => `'${name}', ${alias}."${name}"`).join(', ')})`;
  }

  /**
   * Rows PostgreSQL aggregated as JSON (`json_agg` over a subquery; null when there were none) as
   * the driver would have returned them, ready for `hydrate`: the entity's instants, ISO 8601 text
   * in JSON, become Dates (the same instants, to the millisecond, as the driver's parsing gives).
   * Other keys are left as they are. The rows are converted in place.
   */
  fromJson<T extends RawRow = RawRow>(target: EntityTarget<ObjectLiteral>, rows: T[] | null | undefined): T[] {
    if (!rows) return [];
    let instants = this.instantColumns.get(target);
    if (!instants) {
      instants = this.columns.of(target).filter((column) => column.type === 'timestamptz').map((column) => column.databaseName);
      this.instantColumns.set(target, instants);
    }
    for (const row of rows) {
      for (const name of instants) {
        const value = row[name];
        if (typeof value === 'string') (row as RawRow)[name] = new Date(value);
      }
    }
    return rows;
  }

  /** A count as the driver returns it (PostgreSQL: bigint as text; SQLite: a number). */
  static number(value: unknown): number {
    return Number(value ?? 0);
  }

}
