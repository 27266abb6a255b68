import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { MACHINE_CATEGORIES } from '../../common/machine-category.js';
import { STEP_KINDS } from '../../learning-paths/step-kind.js';
import { AUDIENCES } from '../../participants/audience.js';
import { ENROLLMENT_STATUSES, OUTCOMES, STEP_STATUSES } from '../../participants/enrollment-status.js';
import { GENDERS } from '../../participants/gender.js';
import { PROGRESS_EVENT_TYPES } from '../../participants/progress-event-type.js';
import { QUALIFICATION_SOURCES } from '../../participants/qualification-source.js';
import {
  createdUpdatedColumns,
  idColumn,
  inCheck,
  nowDefault,
  refColumn,
  textColumn,
  timestampColumn,
  timestampType,
} from '../migration-helpers.js';

/**
 * Learning paths and their steps, participants, enrolments with their step states and the
 * append-only progress log, qualifications, learner activation codes.
 */
export class LearningPathsParticipants1764000000000 implements MigrationInterface {
  name = 'LearningPathsParticipants1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const createdAt = { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) };

    await queryRunner.createTable(
      new Table({
        name: 'learning_paths',
        columns: [
          idColumn(),
          textColumn('code', 32),
          { name: 'position', type: 'integer' },
          textColumn('title', 120),
          { name: 'description', type: 'text' },
          { name: 'audiences', type: 'text' },
          { name: 'requires_completed_path', type: 'boolean', default: false },
          timestampColumn(queryRunner, 'retired_at', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        indices: [{ name: 'UQ_learning_paths_code', columnNames: ['code'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'learning_path_steps',
        columns: [
          idColumn(),
          refColumn('path_id'),
          textColumn('code', 64),
          { name: 'position', type: 'integer' },
          textColumn('title', 160),
          { name: 'description', type: 'text', isNullable: true },
          textColumn('kind', 16),
          { name: 'expected_hours', type: 'double precision' },
          { name: 'required', type: 'boolean' },
          textColumn('grants_qualification', 16, true),
          timestampColumn(queryRunner, 'retired_at', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          { name: 'CHK_learning_path_steps_kind', expression: inCheck('kind', STEP_KINDS) },
          { name: 'CHK_learning_path_steps_qualification', expression: inCheck('grants_qualification', MACHINE_CATEGORIES) },
          { name: 'CHK_learning_path_steps_hours', expression: '"expected_hours" >= 0' },
        ],
        indices: [{ name: 'UQ_learning_path_steps_code', columnNames: ['path_id', 'code'], isUnique: true }],
        foreignKeys: [
          { name: 'FK_learning_path_steps_path', columnNames: ['path_id'], referencedTableName: 'learning_paths', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'participants',
        columns: [
          idColumn(),
          textColumn('first_name', 80, true),
          textColumn('last_name', 80, true),
          { name: 'birth_year', type: 'integer' },
          textColumn('gender', 16),
          textColumn('audience', 16),
          { name: 'lives_in_qpv', type: 'boolean' },
          textColumn('postcode', 10, true),
          refColumn('referred_by_partner_id', true),
          textColumn('contact_email', 254, true),
          textColumn('contact_phone', 32, true),
          textColumn('guardian_name', 160, true),
          textColumn('guardian_phone', 32, true),
          textColumn('guardian_email', 254, true),
          { name: 'consent_data_processing', type: 'boolean' },
          { name: 'consent_parental', type: 'boolean', isNullable: true },
          { name: 'consent_image_rights', type: 'boolean', isNullable: true },
          textColumn('name_key', 170, true),
          textColumn('identity_key', 180, true),
          timestampColumn(queryRunner, 'erased_at', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          { name: 'CHK_participants_gender', expression: inCheck('gender', GENDERS) },
          { name: 'CHK_participants_audience', expression: inCheck('audience', AUDIENCES) },
        ],
        indices: [
          // NULL once erased: erased people never count as duplicates.
          { name: 'UQ_participants_identity', columnNames: ['identity_key'], isUnique: true },
          { name: 'IDX_participants_name', columnNames: ['name_key'] },
          { name: 'IDX_participants_partner', columnNames: ['referred_by_partner_id'] },
        ],
        foreignKeys: [
          { name: 'FK_participants_partner', columnNames: ['referred_by_partner_id'], referencedTableName: 'partners', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'enrollments',
        columns: [
          idColumn(),
          refColumn('participant_id'),
          refColumn('path_id'),
          textColumn('status', 16),
          timestampColumn(queryRunner, 'enrolled_at'),
          timestampColumn(queryRunner, 'completed_at', true),
          timestampColumn(queryRunner, 'last_activity_at'),
          textColumn('outcome', 24, true),
          timestampColumn(queryRunner, 'outcome_recorded_at', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          { name: 'CHK_enrollments_status', expression: inCheck('status', ENROLLMENT_STATUSES) },
          { name: 'CHK_enrollments_outcome', expression: inCheck('outcome', OUTCOMES) },
        ],
        indices: [
          { name: 'IDX_enrollments_participant', columnNames: ['participant_id'] },
          { name: 'IDX_enrollments_path_status', columnNames: ['path_id', 'status'] },
          // One open (active or paused) enrolment per participant and path, even under races.
          {
            name: 'UQ_enrollments_open',
            columnNames: ['participant_id', 'path_id'],
            isUnique: true,
            where: `"status" IN ('active', 'paused')`,
          },
        ],
        foreignKeys: [
          { name: 'FK_enrollments_participant', columnNames: ['participant_id'], referencedTableName: 'participants', referencedColumnNames: ['id'] },
          { name: 'FK_enrollments_path', columnNames: ['path_id'], referencedTableName: 'learning_paths', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'enrollment_steps',
        columns: [
          idColumn(),
          refColumn('enrollment_id'),
          refColumn('step_id'),
          textColumn('status', 16),
          timestampColumn(queryRunner, 'submitted_at', true),
          timestampColumn(queryRunner, 'validated_at', true),
          refColumn('validated_by_user_id', true),
          textColumn('evidence_url', 2000, true),
          textColumn('evidence_note', 2000, true),
          timestampColumn(queryRunner, 'rejected_at', true),
          textColumn('rejection_reason', 2000, true),
          { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        checks: [{ name: 'CHK_enrollment_steps_status', expression: inCheck('status', STEP_STATUSES) }],
        indices: [{ name: 'UQ_enrollment_steps', columnNames: ['enrollment_id', 'step_id'], isUnique: true }],
        foreignKeys: [
          { name: 'FK_enrollment_steps_enrollment', columnNames: ['enrollment_id'], referencedTableName: 'enrollments', referencedColumnNames: ['id'] },
          { name: 'FK_enrollment_steps_step', columnNames: ['step_id'], referencedTableName: 'learning_path_steps', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'progress_events',
        columns: [
          idColumn(),
          refColumn('enrollment_id'),
          refColumn('participant_id'),
          { name: 'sequence', type: 'integer' },
          refColumn('step_id', true),
          textColumn('type', 16),
          refColumn('author_user_id', true),
          timestampColumn(queryRunner, 'occurred_at'),
          { name: 'recorded_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
          textColumn('note', 2000, true),
          textColumn('evidence_url', 2000, true),
          textColumn('outcome', 24, true),
        ],
        checks: [
          { name: 'CHK_progress_events_type', expression: inCheck('type', PROGRESS_EVENT_TYPES) },
          { name: 'CHK_progress_events_outcome', expression: inCheck('outcome', OUTCOMES) },
        ],
        indices: [
          { name: 'UQ_progress_events_sequence', columnNames: ['enrollment_id', 'sequence'], isUnique: true },
          { name: 'IDX_progress_events_participant', columnNames: ['participant_id', 'occurred_at'] },
        ],
        foreignKeys: [
          { name: 'FK_progress_events_enrollment', columnNames: ['enrollment_id'], referencedTableName: 'enrollments', referencedColumnNames: ['id'] },
          { name: 'FK_progress_events_participant', columnNames: ['participant_id'], referencedTableName: 'participants', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'qualifications',
        columns: [
          idColumn(),
          refColumn('participant_id'),
          textColumn('category', 16),
          timestampColumn(queryRunner, 'granted_at'),
          timestampColumn(queryRunner, 'expires_at'),
          timestampColumn(queryRunner, 'revoked_at', true),
          refColumn('revoked_by_user_id', true),
          textColumn('source', 8),
          refColumn('enrollment_id', true),
          refColumn('step_id', true),
          refColumn('granted_by_user_id', true),
          createdAt,
        ],
        checks: [
          { name: 'CHK_qualifications_category', expression: inCheck('category', MACHINE_CATEGORIES) },
          { name: 'CHK_qualifications_source', expression: inCheck('source', QUALIFICATION_SOURCES) },
          { name: 'CHK_qualifications_period', expression: '"expires_at" > "granted_at"' },
        ],
        indices: [{ name: 'IDX_qualifications_participant', columnNames: ['participant_id', 'category'] }],
        foreignKeys: [
          { name: 'FK_qualifications_participant', columnNames: ['participant_id'], referencedTableName: 'participants', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'learner_activations',
        columns: [
          idColumn(),
          refColumn('user_id'),
          textColumn('code_hash', 64),
          timestampColumn(queryRunner, 'expires_at'),
          createdAt,
        ],
        indices: [
          { name: 'UQ_learner_activations_user', columnNames: ['user_id'], isUnique: true },
          { name: 'UQ_learner_activations_code', columnNames: ['code_hash'], isUnique: true },
        ],
        foreignKeys: [
          { name: 'FK_learner_activations_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );

    // One learner account per participant.
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'UQ_users_participant', columnNames: ['participant_id'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'UQ_users_participant');
    await queryRunner.dropTable('learner_activations');
    await queryRunner.dropTable('qualifications');
    await queryRunner.dropTable('progress_events');
    await queryRunner.dropTable('enrollment_steps');
    await queryRunner.dropTable('enrollments');
    await queryRunner.dropTable('participants');
    await queryRunner.dropTable('learning_path_steps');
    await queryRunner.dropTable('learning_paths');
  }
}
