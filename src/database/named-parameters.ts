import type { Driver, ObjectLiteral } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils.js';

/** Statement texts remembered at most (the oldest is forgotten beyond): SQL built at run time cannot grow it without bound. */
const MAX_STATEMENTS = 1_000;

/** TypeORM's own pattern for a named parameter (escapeQueryWithParameters of its PostgreSQL and SQLite drivers). */
const NAMED = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

interface Statement {
  /** The names met in the text, in order, repeats included; null when one is a list (`:...ids`). */
  names: string[] | null;
  /** The driver's positional text, once a call gave every name a plain value (it is then the same for every such call). */
  positional?: string;
}

/**
 * `:named` parameters turned into the driver's positional ones, exactly as TypeORM's
 * `driver.escapeQueryWithParameters(sql, parameters, {})` turns them — which scans the text with a
 * regular expression and builds a new text on every call (with pg's copy of the query, ~1.5 % of
 * an availability request's CPU). Here each statement text is scanned once; a call whose
 * parameters are all plain values (what the positional text does not depend on) reuses the text
 * the driver made the first time and only lines the values up. Anything else — a list
 * (`:...ids`), a name left without a value, a function, or on SQLite a number (which TypeORM
 * writes into the text itself) — goes to the driver as before.
 *
 * Hand-rolled because TypeORM has no such cache; the driver stays the reference (the e2e spec
 * test/raw-reader.e2e-spec.ts compares both on each database).
 */
export class NamedParameters {
  private readonly statements = new Map<string, Statement>();
  private readonly sqlite: boolean;

  constructor(private readonly driver: Driver) {
    this.sqlite = driver.options.type === 'sqlite' || driver.options.type === 'better-sqlite3';
  }

  /** The positional text and its values: what `driver.escapeQueryWithParameters(sql, parameters, {})` returns. */
  expand(sql: string, parameters: ObjectLiteral): [string, unknown[]] {
    const statement = this.statement(sql);
    const values = statement.names && this.values(statement.names, parameters);
    if (!values) return this.driver.escapeQueryWithParameters(sql, parameters, {});
    statement.positional ??= this.driver.escapeQueryWithParameters(sql, parameters, {})[0];
    return [statement.positional, values];
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) return statement;
    let names: string[] | null = [];
    for (const [, list, name] of sql.matchAll(NAMED)) {
      if (list) {
        names = null;
        break;
      }
      names.push(name);
    }
    statement = { names };
    // Oldest first out: the map keeps insertion order.
    if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
    this.statements.set(sql, statement);
    return statement;
  }

  /**
   * The values in the driver's order, converted as it converts them; null when one is not plain.
   * PostgreSQL numbers each name once ($1 for every `:id`); SQLite has a `?` per occurrence, with
   * booleans as 0/1 and dates as UTC text.
   */
  private values(names: string[], parameters: ObjectLiteral): unknown[] | null {
    const values: unknown[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!Object.hasOwn(parameters, name)) return null;
      const value: unknown = parameters[name];
      if (typeof value === 'function') return null;
      if (!this.sqlite) {
        if (names.indexOf(name) === i) values.push(value);
      } else if (typeof value === 'number') {
        return null;
      } else if (typeof value === 'boolean') {
        values.push(+value);
      } else if (value instanceof Date) {
        values.push(DateUtils.mixedDateToUtcDatetimeString(value));
      } else {
        values.push(value);
      }
    }
    return values;
  }
}
