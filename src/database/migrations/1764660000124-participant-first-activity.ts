import type { MigrationInterface, QueryRunner } from 'typeorm';
import { timestampType } from '../migration-helpers.js';

/**
 * participant_activity_months.participant_first_at: the participant's first activity of all, the
 * same on each of their rows (recomputed with them by stats/participant-activity-months.service.ts).
 * Whether a young person reached in a year is new in it was one probe of their earlier months per
 * person (800 a year on the ten-year set, a third of the yearly figures' time on PostgreSQL); it is
 * now read with the year's rows, by the index that scans them, which carries the column.
 */
export class ParticipantFirstActivity1764660000124 implements MigrationInterface {
  name = 'ParticipantFirstActivity1764660000124';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE participant_activity_months ADD COLUMN participant_first_at ${timestampType(queryRunner)}`);
    await queryRunner.query(
      `UPDATE participant_activity_months SET participant_first_at = (
         SELECT MIN(b.first_at) FROM participant_activity_months b WHERE b.participant_id = participant_activity_months.participant_id)`,
    );
    await queryRunner.query('DROP INDEX "IDX_participant_activity_months_first"');
    await queryRunner.query(
      'CREATE INDEX "IDX_participant_activity_months_first" ON participant_activity_months (first_at, participant_id, path_key, participant_first_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_participant_activity_months_first"');
    await queryRunner.query('CREATE INDEX "IDX_participant_activity_months_first" ON participant_activity_months (first_at, participant_id, path_key)');
    await queryRunner.query('ALTER TABLE participant_activity_months DROP COLUMN participant_first_at');
  }
}
