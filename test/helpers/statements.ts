import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { BeforeQueryEvent } from 'typeorm/subscriber/event/QueryEvent.js';

/**
 * Records every statement the application sends to the database (BEGIN and COMMIT included)
 * until `stop()`: what a request costs, counted where it cannot be missed — TypeORM announces
 * each query, raw ones too, to its subscribers before running it.
 */
export function recordStatements(dataSource: DataSource): { statements: string[]; stop: () => string[] } {
  const statements: string[] = [];
  const recorder: EntitySubscriberInterface = {
    beforeQuery: (event: BeforeQueryEvent<unknown>) => {
      statements.push(event.query.replace(/\s+/g, ' ').trim());
    },
  };
  dataSource.subscribers.push(recorder);
  return {
    statements,
    stop: () => {
      const index = dataSource.subscribers.indexOf(recorder);
      if (index >= 0) dataSource.subscribers.splice(index, 1);
      return statements;
    },
  };
}
