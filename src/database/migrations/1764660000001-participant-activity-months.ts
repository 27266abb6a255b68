import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres, timestampType } from '../migration-helpers.js';

/**
 * The first activity of each participant per UTC month and path ('' for check-ins, which belong
 * to no path): what "reached" counts (enrolments, validated steps, check-ins), reduced to a few
 * rows a person and a month. The statistics read a year from it instead of scanning the year's
 * events (ten years of data: ~7,000 rows a year instead of ~31,000 events). Kept by the writes
 * that create activity (stats/participant-activity-months.service.ts), backfilled here.
 */
export class ParticipantActivityMonths1764660000001 implements MigrationInterface {
  name = 'ParticipantActivityMonths1764660000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE participant_activity_months (
         participant_id varchar(36) NOT NULL,
         month varchar(7) NOT NULL,
         path_key varchar(36) NOT NULL,
         first_at ${timestampType(queryRunner)} NOT NULL,
         CONSTRAINT "PK_participant_activity_months" PRIMARY KEY (participant_id, month, path_key),
         CONSTRAINT "FK_participant_activity_months_participant" FOREIGN KEY (participant_id) REFERENCES participants (id))`,
    );
    const month = (column: string) => (isPostgres(queryRunner) ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')` : `substr(${column}, 1, 7)`);
    await queryRunner.query(
      `INSERT INTO participant_activity_months (participant_id, month, path_key, first_at)
       SELECT act.pid, ${month('act.at')}, act.path_key, MIN(act.at) FROM (
         SELECT e.participant_id AS pid, e.enrolled_at AS at, e.path_id AS path_key FROM enrollments e
         UNION ALL
         SELECT pe.participant_id, pe.occurred_at, ev.path_id
           FROM progress_events pe JOIN enrollments ev ON ev.id = pe.enrollment_id WHERE pe.type = 'validated'
         UNION ALL
         SELECT a.participant_id, a.attended_at, '' FROM booking_attendances a
       ) act GROUP BY act.pid, ${month('act.at')}, act.path_key`,
    );
    await queryRunner.query('CREATE INDEX "IDX_participant_activity_months_first" ON participant_activity_months (first_at, participant_id, path_key)');
    await queryRunner.query('CREATE INDEX "IDX_participant_activity_months_participant_first" ON participant_activity_months (participant_id, first_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE participant_activity_months');
  }
}
