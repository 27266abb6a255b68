import type { INestApplication } from '@nestjs/common';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { BeforeQueryEvent } from 'typeorm/subscriber/event/QueryEvent.js';
import { RawReader } from '../../src/database/raw-reader.service.js';
import { RawWriter } from '../../src/database/raw-writer.service.js';
import { SqliteReadConnections } from '../../src/database/sqlite-read-connections.service.js';

/**
 * Records every statement the application sends to the database (BEGIN and COMMIT included)
 * until `stop()`: what a request costs. TypeORM announces each query it runs, raw ones too, to its
 * subscribers; with `app`, the reads RawReader sends around TypeORM are recorded as well — on
 * SQLite's read connections (SqliteReadConnections.all), on its shared connection as small reads
 * (RawReader.sharedRows) and as PostgreSQL prepared statements on the pool (RawReader.preparedRows) — and those RawWriter sends around it in a transaction
 * (RawWriter.sentOn, PostgreSQL prepared statements), so that none is missed.
 */
export function recordStatements(dataSource: DataSource, app?: INestApplication): { statements: string[]; stop: () => string[] } {
  const statements: string[] = [];
  const record = (query: string): void => {
    statements.push(query.replace(/\s+/g, ' ').trim());
  };
  const recorder: EntitySubscriberInterface = { beforeQuery: (event: BeforeQueryEvent<unknown>) => record(event.query) };
  dataSource.subscribers.push(recorder);
  const restore: Array<() => void> = [];
  if (app) {
    /** `onlyWhenAnswered`: recorded when the call returns rows, not when it returns null (it did not read). */
    const patch = <O extends object>(target: O, method: string, onlyWhenAnswered = false) => {
      const holder = target as Record<string, (query: string, ...rest: unknown[]) => unknown>;
      const original = holder[method];
      holder[method] = function (this: unknown, query: string, ...rest: unknown[]) {
        if (!onlyWhenAnswered) record(query);
        const result = original.call(this, query, ...rest);
        if (onlyWhenAnswered && result !== null) record(query);
        return result;
      };
      restore.push(() => {
        holder[method] = original;
      });
    };
    patch(app.get(SqliteReadConnections), 'all');
    patch(app.get(RawReader), 'preparedRows');
    // SQLite's small reads, on the shared connection without TypeORM's query runner; null when left to a read connection.
    patch(app.get(RawReader), 'sharedRows', true);
    patch(app.get(RawWriter), 'sentOn');
  }
  return {
    statements,
    stop: () => {
      const index = dataSource.subscribers.indexOf(recorder);
      if (index >= 0) dataSource.subscribers.splice(index, 1);
      for (const undo of restore.splice(0)) undo();
      return statements;
    },
  };
}
