import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { nowDefault, refColumn, timestampType } from '../migration-helpers.js';

/**
 * Yearly targets, and the indexes the yearly statistics read through: each source of activity
 * (enrolment, validated step, check-in) is scanned by date range, then probed per participant
 * for earlier activity ("new this year").
 */
export class Stats1764300000000 implements MigrationInterface {
  name = 'Stats1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'yearly_targets',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'target', type: 'integer' },
          refColumn('updated_by', true),
          { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        checks: [{ name: 'CHK_yearly_targets_target', expression: '"target" > 0' }],
      }),
    );
    // Covering indexes: each range scan reads the index alone, never the table rows.
    await queryRunner.createIndices('enrollments', [
      new TableIndex({ name: 'IDX_enrollments_enrolled_at', columnNames: ['enrolled_at', 'participant_id', 'path_id'] }),
      new TableIndex({ name: 'IDX_enrollments_completed_at', columnNames: ['completed_at'] }),
      new TableIndex({ name: 'IDX_enrollments_participant_enrolled', columnNames: ['participant_id', 'enrolled_at'] }),
    ]);
    await queryRunner.createIndices('progress_events', [
      new TableIndex({ name: 'IDX_progress_events_type_occurred', columnNames: ['type', 'occurred_at', 'participant_id', 'enrollment_id'] }),
      // "Validated before this year?" per participant: without it SQLite walks every older validation.
      new TableIndex({ name: 'IDX_progress_events_participant_type', columnNames: ['participant_id', 'type', 'occurred_at'] }),
    ]);
    await queryRunner.createIndex(
      'booking_attendances',
      new TableIndex({ name: 'IDX_booking_attendances_attended_participant', columnNames: ['attended_at', 'participant_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('booking_attendances', 'IDX_booking_attendances_attended_participant');
    await queryRunner.dropIndex('progress_events', 'IDX_progress_events_participant_type');
    await queryRunner.dropIndex('progress_events', 'IDX_progress_events_type_occurred');
    await queryRunner.dropIndex('enrollments', 'IDX_enrollments_participant_enrolled');
    await queryRunner.dropIndex('enrollments', 'IDX_enrollments_completed_at');
    await queryRunner.dropIndex('enrollments', 'IDX_enrollments_enrolled_at');
    await queryRunner.dropTable('yearly_targets');
  }
}
