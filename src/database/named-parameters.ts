import type { Driver, ObjectLiteral } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils.js';

/** Statement texts remembered at most (the oldest is forgotten beyond): SQL built at run time cannot grow it without bound. */
const MAX_STATEMENTS = 500;
/** Positional texts kept per statement, one per combination of list lengths (the oldest is forgotten beyond). */
const MAX_SHAPES = 8;

/** TypeORM's own pattern for a named parameter (escapeQueryWithParameters of its PostgreSQL and SQLite drivers). */
const NAMED = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

interface Placeholder {
  name: string;
  /** `:...name`: a list, one positional parameter per item. */
  list: boolean;
  /** The name's first plain occurrence in the text (PostgreSQL numbers each name once: `$1` for every `:id`). */
  first: boolean;
}

interface Statement {
  /** The names met in the text, in order; null when a name is used both as a list and as a value (left to the driver). */
  placeholders: Placeholder[] | null;
  /** The driver's positional text by list lengths: it is the same for every call whose values are plain and whose lists are as long. */
  texts: Map<string, string>;
}

/**
 * `:named` parameters turned into the driver's positional ones, exactly as TypeORM's
 * `driver.escapeQueryWithParameters(sql, parameters, {})` turns them — which scans the text with a
 * regular expression and builds a new text on every call (with pg's copy of the query, ~1.5 % of
 * an availability request's CPU). Here each statement text is scanned once; a call whose values
 * are plain (the positional text does not depend on them, only on its lists' lengths) reuses the
 * text the driver made the first time and only lines the values up, converted as the driver
 * converts them. Anything else — a name left without a value, a function, or on SQLite a number
 * (which TypeORM writes into the text itself) — goes to the driver as before.
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
    const lined = statement.placeholders && this.lineUp(statement.placeholders, parameters);
    if (!lined) return this.driver.escapeQueryWithParameters(sql, parameters, {});
    const [values, shape] = lined;
    let text = statement.texts.get(shape);
    if (text === undefined) {
      text = this.driver.escapeQueryWithParameters(sql, parameters, {})[0];
      if (statement.texts.size >= MAX_SHAPES) statement.texts.delete(statement.texts.keys().next().value as string);
      statement.texts.set(shape, text);
    }
    return [text, values];
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) return statement;
    const placeholders: Placeholder[] = [];
    const lists = new Set<string>();
    const plain = new Set<string>();
    for (const [, list, name] of sql.matchAll(NAMED)) {
      placeholders.push({ name, list: Boolean(list), first: !list && !plain.has(name) });
      (list ? lists : plain).add(name);
    }
    const mixed = [...lists].some((name) => plain.has(name));
    statement = { placeholders: mixed ? null : placeholders, texts: new Map() };
    // Oldest first out: the map keeps insertion order.
    if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
    this.statements.set(sql, statement);
    return statement;
  }

  /**
   * The values in the driver's order, converted as it converts them, and the lists' lengths; null
   * when one is missing or not plain. PostgreSQL: one value per name, one per list item. SQLite: a
   * value per occurrence, booleans as 0/1 and dates as UTC text (list items as they are).
   */
  private lineUp(placeholders: Placeholder[], parameters: ObjectLiteral): [unknown[], string] | null {
    const values: unknown[] = [];
    let shape = '';
    for (const { name, list, first } of placeholders) {
      if (!Object.hasOwn(parameters, name)) return null;
      const value: unknown = parameters[name];
      if (list) {
        if (!Array.isArray(value)) return null;
        for (let i = 0; i < value.length; i++) {
          // A hole is skipped by the driver's `map` but still joined: left to it.
          if (!(i in value)) return null;
          values.push(value[i]);
        }
        shape += `${value.length},`;
      } else if (typeof value === 'function') {
        return null;
      } else if (!this.sqlite) {
        if (first) values.push(value);
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
    return [values, shape];
  }
}
