import sqlite3 from 'sqlite3';

/** Prepared statements kept per connection; the least recently used one is finalized beyond. */
const KEPT_STATEMENTS = 200;

type Callback = (this: unknown, error: Error | null, rows?: unknown[]) => void;
type Waiter = (error: Error | null, statement?: sqlite3.Statement) => void;

/**
 * node-sqlite3's Database whose `all(sql, params, callback)` — the call SqliteReadConnections
 * makes — reuses a statement prepared once per connection and SQL text. node-sqlite3 otherwise
 * prepares, runs and finalizes a statement on every call: three trips to its thread pool, each
 * with a wake-up and a callback on the main thread, and SQLite parsing and planning the SQL again.
 * Results and errors are node-sqlite3's own: the same native `all`, on a statement that `Bind`
 * resets first.
 *
 * Hand-rolled: node-sqlite3 has no statement cache (its `cached` caches Database objects), and
 * better-sqlite3, which has one (the shared connection's driver), is synchronous — a long report
 * read through it would block the event loop.
 */
export class StatementCachingDatabase extends sqlite3.Database {
  private readonly statements = new Map<string, sqlite3.Statement>();
  private readonly preparing = new Map<string, Waiter[]>();

  override all(sql: string, ...args: unknown[]): this {
    const [params, callback] = args as [unknown, Callback];
    if (args.length !== 2 || !Array.isArray(params) || typeof callback !== 'function') return super.all(sql, ...args);
    this.withStatement(sql, (error, statement) => {
      if (!statement) return callback.call(this, error);
      statement.all(params, callback as (error: Error | null, rows: unknown[]) => void);
    });
    return this;
  }

  /** Finalizes the kept statements first: SQLite refuses to close a connection that has some. */
  override close(callback?: (error: Error | null) => void): void {
    const statements = [...this.statements.values()];
    this.statements.clear();
    let left = statements.length;
    if (left === 0) return super.close(callback);
    for (const statement of statements) {
      statement.finalize(() => {
        if (--left === 0) super.close(callback);
      });
    }
  }

  /**
   * The prepared statement of `sql`, prepared first if need be (callers of the same SQL meanwhile
   * wait for the same preparation). A statement that fails to prepare is not kept: its error goes
   * to every waiter — node-sqlite3 drops, without calling them, the calls queued on such a statement.
   */
  private withStatement(sql: string, use: Waiter): void {
    const ready = this.statements.get(sql);
    if (ready) {
      this.statements.delete(sql);
      this.statements.set(sql, ready);
      return use(null, ready);
    }
    const waiting = this.preparing.get(sql);
    if (waiting) {
      waiting.push(use);
      return;
    }
    const waiters = [use];
    this.preparing.set(sql, waiters);
    const statement: sqlite3.Statement = this.prepare(sql, (error: Error | null) => {
      this.preparing.delete(sql);
      if (!error) this.keep(sql, statement);
      for (const waiter of waiters) waiter(error, error ? undefined : statement);
    });
  }

  private keep(sql: string, statement: sqlite3.Statement): void {
    this.statements.set(sql, statement);
    if (this.statements.size <= KEPT_STATEMENTS) return;
    const [oldestSql, oldest] = this.statements.entries().next().value as [string, sqlite3.Statement];
    this.statements.delete(oldestSql);
    // Queued after the calls already made on it.
    oldest.finalize();
  }
}
