import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { nowDefault, refColumn, timestampType } from '../migration-helpers.js';

/**
 * Yearly budgets (the report's cost per young person), and the indexes the period report reads
 * through besides those of the yearly target: outcomes by the date they were recorded,
 * qualifications by the date they were granted, bookings by their start.
 */
export class Report1764450000000 implements MigrationInterface {
  name = 'Report1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'yearly_budgets',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'amount_cents', type: 'integer' },
          refColumn('updated_by', true),
          { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        checks: [{ name: 'CHK_yearly_budgets_amount', expression: '"amount_cents" >= 0' }],
      }),
    );
    await queryRunner.createIndex('enrollments', new TableIndex({ name: 'IDX_enrollments_outcome_recorded', columnNames: ['outcome_recorded_at'] }));
    await queryRunner.createIndex('qualifications', new TableIndex({ name: 'IDX_qualifications_granted', columnNames: ['granted_at'] }));
    await queryRunner.createIndex('bookings', new TableIndex({ name: 'IDX_bookings_starts', columnNames: ['starts_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('bookings', 'IDX_bookings_starts');
    await queryRunner.dropIndex('qualifications', 'IDX_qualifications_granted');
    await queryRunner.dropIndex('enrollments', 'IDX_enrollments_outcome_recorded');
    await queryRunner.dropTable('yearly_budgets');
  }
}
