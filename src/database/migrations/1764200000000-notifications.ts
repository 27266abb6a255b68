import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { NOTIFICATION_KINDS } from '../../notifications/notification-kind.js';
import { EMAIL_STATUSES, OUTBOX_STATUSES } from '../../notifications/outbox-status.js';
import { idColumn, inCheck, nowDefault, refColumn, textColumn, timestampColumn, timestampType } from '../migration-helpers.js';

/**
 * Notifications: the outbox (what must be delivered, recorded with its cause), the inbox, and
 * e-mail preferences. User references carry no foreign key: an erased account's rows are deleted
 * by the erasure, and the outbox outlives its subjects (they are re-read, and moot ones skipped).
 */
export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          idColumn(),
          textColumn('kind', 32),
          textColumn('subject_type', 32),
          textColumn('subject_id', 36),
          refColumn('recipient_id', true),
          timestampColumn(queryRunner, 'due_at'),
          textColumn('status', 16),
          textColumn('dedupe_key', 200),
          textColumn('job_id', 120),
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'data', type: 'text' },
          textColumn('outcome', 200, true),
          timestampColumn(queryRunner, 'processed_at', true),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
          { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        checks: [
          { name: 'CHK_outbox_kind', expression: inCheck('kind', NOTIFICATION_KINDS) },
          { name: 'CHK_outbox_status', expression: inCheck('status', OUTBOX_STATUSES) },
        ],
        indices: [
          { name: 'UQ_outbox_dedupe_key', columnNames: ['dedupe_key'], isUnique: true },
          { name: 'IDX_outbox_status_due', columnNames: ['status', 'due_at'] },
          { name: 'IDX_outbox_subject', columnNames: ['subject_type', 'subject_id'] },
          { name: 'IDX_outbox_recipient', columnNames: ['recipient_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          idColumn(),
          refColumn('user_id'),
          textColumn('kind', 32),
          textColumn('title', 200),
          { name: 'body', type: 'text' },
          { name: 'data', type: 'text' },
          textColumn('dedupe_key', 300),
          refColumn('outbox_id', true),
          textColumn('email_status', 16),
          timestampColumn(queryRunner, 'email_claimed_at', true),
          timestampColumn(queryRunner, 'emailed_at', true),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
          timestampColumn(queryRunner, 'read_at', true),
        ],
        checks: [
          { name: 'CHK_notifications_kind', expression: inCheck('kind', NOTIFICATION_KINDS) },
          { name: 'CHK_notifications_email_status', expression: inCheck('email_status', EMAIL_STATUSES) },
        ],
        indices: [
          { name: 'UQ_notifications_dedupe_key', columnNames: ['dedupe_key'], isUnique: true },
          { name: 'IDX_notifications_user_created', columnNames: ['user_id', 'created_at'] },
          { name: 'IDX_notifications_outbox', columnNames: ['outbox_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notification_preferences',
        columns: [
          { ...refColumn('user_id'), isPrimary: true },
          { name: 'email', type: 'text' },
          { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notification_preferences', 'notifications', 'outbox']) {
      await queryRunner.dropTable(table);
    }
  }
}
