import { type MigrationInterface, type QueryRunner, TableCheck } from 'typeorm';
import { addColumn, inCheck, textColumn } from '../migration-helpers.js';

const TABLE = 'machine_usage_readings';
const SOURCES_BEFORE = ['manual', 'work_order', 'booking'];

/**
 * Meter corrections: a facilitator may set a wrong meter back, with a reason kept in the
 * history. The only movement that may go down (negative delta), and only with a reason.
 */
export class MeterCorrections1764500000000 implements MigrationInterface {
  name = 'MeterCorrections1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropCheckConstraint(TABLE, 'CHK_machine_usage_readings_source');
    await queryRunner.dropCheckConstraint(TABLE, 'CHK_machine_usage_readings_delta');
    await addColumn(queryRunner, TABLE, textColumn('reason', 500, true));
    await queryRunner.createCheckConstraints(TABLE, [
      new TableCheck({ name: 'CHK_machine_usage_readings_source', expression: inCheck('source', [...SOURCES_BEFORE, 'correction']) }),
      new TableCheck({
        name: 'CHK_machine_usage_readings_delta',
        expression: `"delta" >= 0 OR ("source" = 'correction' AND "reason" IS NOT NULL)`,
      }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM ${TABLE} WHERE source = 'correction'`);
    await queryRunner.dropCheckConstraint(TABLE, 'CHK_machine_usage_readings_delta');
    await queryRunner.dropCheckConstraint(TABLE, 'CHK_machine_usage_readings_source');
    await queryRunner.dropColumn(TABLE, 'reason');
    await queryRunner.createCheckConstraints(TABLE, [
      new TableCheck({ name: 'CHK_machine_usage_readings_source', expression: inCheck('source', SOURCES_BEFORE) }),
      new TableCheck({ name: 'CHK_machine_usage_readings_delta', expression: '"delta" >= 0' }),
    ]);
  }
}
