import { type EntitySubscriberInterface, EventSubscriber, getMetadataArgsStorage, type UpdateEvent } from 'typeorm';

export type DriverType = 'sqlite' | 'postgres';

/** SQLite's current instant to the millisecond, in the text form TypeORM writes a Date in. */
const SQLITE_NOW_MS = "strftime('%Y-%m-%d %H:%M:%f','now')";

/**
 * Entities declare every instant as `{ type: 'timestamptz' }`. SQLite has no such type, so before
 * a data source is built the declared type is set to the driver's own: `timestamptz` on
 * PostgreSQL, `datetime` (UTC text, handled by TypeORM) on SQLite. Same entities, same code paths.
 *
 * On SQLite, TypeORM fills `@CreateDateColumn`/`@UpdateDateColumn` with `datetime('now')`, whole
 * seconds, while the migrations' column defaults and every Date it writes carry milliseconds:
 * rows written within one second then sort out of order. Their default becomes the
 * millisecond one (see also MillisecondUpdateDates).
 */
export function adaptColumnTypesTo(driver: DriverType): void {
  const wanted = driver === 'postgres' ? 'timestamptz' : 'datetime';
  for (const column of getMetadataArgsStorage().columns) {
    if (column.options.type === 'timestamptz' || column.options.type === 'datetime') {
      column.options.type = wanted;
    }
    if (column.mode === 'createDate' || column.mode === 'updateDate') {
      if (driver === 'sqlite') column.options.default = () => SQLITE_NOW_MS;
      else delete column.options.default;
    }
  }
}

/**
 * SQLite only: an update through a query builder or `repository.update()` sets the entity's
 * `@UpdateDateColumn` to `CURRENT_TIMESTAMP` (hard-coded in TypeORM 0.3, whole seconds) unless
 * the update names it. This names it, with the current Date, which TypeORM writes to the
 * millisecond like every other instant. (`save()` already does the same.) Real time, not the
 * Clock: a row's own timestamp, like the database's.
 */
@EventSubscriber()
export class MillisecondUpdateDates implements EntitySubscriberInterface {
  beforeUpdate(event: UpdateEvent<Record<string, unknown>>): void {
    const column = event.metadata.updateDateColumn;
    if (column && event.entity && event.entity[column.propertyName] === undefined) {
      event.entity[column.propertyName] = new Date();
    }
  }
}
