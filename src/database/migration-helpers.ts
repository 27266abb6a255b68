import { type QueryRunner, TableColumn, type TableColumnOptions } from 'typeorm';

/**
 * Portable building blocks for hand-written migrations: one migration runs on SQLite and on
 * PostgreSQL. PostgreSQL-only safety nets go behind `isPostgres(queryRunner)`.
 */
export const isPostgres = (queryRunner: QueryRunner): boolean =>
  queryRunner.connection.options.type === 'postgres';

export const timestampType = (queryRunner: QueryRunner): string =>
  isPostgres(queryRunner) ? 'timestamptz' : 'datetime';

export const nowDefault = (queryRunner: QueryRunner): string =>
  isPostgres(queryRunner) ? 'now()' : "(strftime('%Y-%m-%d %H:%M:%f','now'))";

export const idColumn = (): TableColumnOptions => ({
  name: 'id',
  type: 'varchar',
  length: '36',
  isPrimary: true,
});

export const refColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});

export const textColumn = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const timestampColumn = (
  queryRunner: QueryRunner,
  name: string,
  nullable = false,
): TableColumnOptions => ({ name, type: timestampType(queryRunner), isNullable: nullable });

export const createdUpdatedColumns = (queryRunner: QueryRunner): TableColumnOptions[] => [
  { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
  { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
];

/** `"column" IN ('a','b')` for a CHECK constraint. Values are code constants, never input. */
export const inCheck = (column: string, values: readonly string[]): string =>
  `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`;

export const addColumn = (queryRunner: QueryRunner, table: string, options: TableColumnOptions) =>
  queryRunner.addColumn(table, new TableColumn(options));
