import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityColumns } from './entity-columns.js';
import { TransactionRunner } from './transaction-runner.service.js';
import { WriteGeneration } from './write-generation.subscriber.js';

/**
 * Hand-written writes for the hottest write path (a booking and its reminders), the counterpart
 * of RawReader: TypeORM's insert builder spent ~0.2 ms of CPU per statement building its SQL and
 * parameters — inside the transaction that, on SQLite, every other booking of the process waits
 * for. The SQL is the owning feature's, with `:named` parameters; values are converted with the
 * entity's own column metadata (`values`), so rows are stored exactly as a repository stores them
 * on SQLite and PostgreSQL alike. Writes run only inside a TransactionRunner transaction, and
 * count as writes for WriteGeneration as TypeORM's do.
 */
@Injectable()
export class RawWriter {
  private readonly columns: EntityColumns;

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
    await this.tx.manager.query(query, values);
    this.writes.bump();
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
