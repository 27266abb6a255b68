import { type Logger, QueryFailedError, type QueryRunner } from 'typeorm';

/** PostgreSQL's refusal of a prepared statement whose result columns changed (a migration while running). */
const CHANGED_RESULT = /cached plan must not change result type/i;

/** The part of node-postgres' pool and client a statement is sent through. */
export interface PgQueryable {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * PostgreSQL named prepared statements, what TypeORM's query runner does not offer: each
 * connection parses, analyses and plans a statement text once instead of on every run. Shared by
 * RawReader (on the pool) and RawWriter (on a transaction's client). Names are given to the first
 * `max` distinct texts and kept (a name is prepared on every connection that ran it: dropping one
 * would leave it there, and naming more texts would grow each backend's memory); later texts run
 * unnamed, correct and merely planned each time. Errors and logging as TypeORM's: a
 * QueryFailedError, so a constraint's code (the exclusion constraint's 23P01) reads as from
 * `manager.query`. When a migration changed a prepared statement's result columns, every name is
 * dropped and later statements are prepared afresh under new ones.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private generation = 0;

  constructor(
    private readonly prefix: string,
    private readonly max: number,
    private readonly logger: () => Logger,
  ) {}

  /**
   * The rows of `query` sent on `client`. `unnamed`: planned for its parameters on every run.
   * `retry`: run once more after the schema changed (outside a transaction only: inside one, the
   * failed statement aborted it).
   */
  async run<T>(client: PgQueryable, query: string, values: unknown[], options: { unnamed?: boolean; retry?: boolean; queryRunner?: QueryRunner } = {}): Promise<T[]> {
    const name = options.unnamed ? undefined : this.nameOf(query);
    this.logger().logQuery(query, values, options.queryRunner);
    try {
      return (await client.query({ name, text: query, values })).rows as T[];
    } catch (error) {
      if (name && error instanceof Error && CHANGED_RESULT.test(error.message)) {
        this.names.clear();
        this.generation++;
        if (options.retry) return this.run(client, query, values, { ...options, retry: false });
      }
      this.logger().logQueryError(error instanceof Error ? error : String(error), query, values, options.queryRunner);
      throw new QueryFailedError(query, values, error as Error);
    }
  }

  private nameOf(query: string): string | undefined {
    let name = this.names.get(query);
    if (!name && this.names.size < this.max) {
      name = `${this.prefix}_${this.generation}_${this.names.size}`;
      this.names.set(query, name);
    }
    return name;
  }
}
