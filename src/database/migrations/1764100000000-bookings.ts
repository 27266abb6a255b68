import { type MigrationInterface, type QueryRunner, Table, type TableForeignKeyOptions } from 'typeorm';
import { AFFECTED_REASONS } from '../../bookings/booking-affected-reason.js';
import { BOOKING_KINDS } from '../../bookings/booking-kind.js';
import { BOOKING_STATUSES } from '../../bookings/booking-status.js';
import {
  createdUpdatedColumns,
  idColumn,
  inCheck,
  isPostgres,
  nowDefault,
  refColumn,
  textColumn,
  timestampColumn,
  timestampType,
} from '../migration-helpers.js';

// Erasure keeps the participant row (pseudonymous), so these references never dangle.
const participantForeignKey = (table: string): TableForeignKeyOptions => ({
  name: `FK_${table}_participant`,
  columnNames: ['participant_id'],
  referencedTableName: 'participants',
  referencedColumnNames: ['id'],
});

/**
 * Bookings of machine slots, their planned attendees and recorded attendance, recurring series
 * and calendar-feed tokens. The author of a booking carries no foreign key: accounts may be
 * erased while the booking history stays.
 *
 * PostgreSQL only: an exclusion constraint (btree_gist) forbids two overlapping confirmed
 * bookings of one machine — the database's guarantee against double booking, whatever the
 * number of API processes. On SQLite, bookings are checked and written in serialised transactions.
 */
export class Bookings1764100000000 implements MigrationInterface {
  name = 'Bookings1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'booking_series',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          textColumn('kind', 16),
          textColumn('rule', 200),
          timestampColumn(queryRunner, 'first_starts_at'),
          { name: 'duration_minutes', type: 'integer' },
          refColumn('author_id'),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        checks: [{ name: 'CHK_booking_series_kind', expression: inCheck('kind', BOOKING_KINDS) }],
        foreignKeys: [
          { name: 'FK_booking_series_machine', columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'bookings',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          textColumn('kind', 16),
          textColumn('status', 16),
          timestampColumn(queryRunner, 'starts_at'),
          timestampColumn(queryRunner, 'ends_at'),
          textColumn('title', 160, true),
          refColumn('partner_id', true),
          refColumn('author_id'),
          refColumn('series_id', true),
          { name: 'affected', type: 'boolean', default: false },
          textColumn('affected_reason', 32, true),
          refColumn('affected_cause_id', true),
          timestampColumn(queryRunner, 'checked_in_at', true),
          timestampColumn(queryRunner, 'checked_out_at', true),
          { name: 'used_minutes', type: 'integer', isNullable: true },
          timestampColumn(queryRunner, 'cancelled_at', true),
          refColumn('cancelled_by', true),
          textColumn('cancel_reason', 500, true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          { name: 'CHK_bookings_kind', expression: inCheck('kind', BOOKING_KINDS) },
          { name: 'CHK_bookings_status', expression: inCheck('status', BOOKING_STATUSES) },
          { name: 'CHK_bookings_affected_reason', expression: `"affected_reason" IS NULL OR ${inCheck('affected_reason', AFFECTED_REASONS)}` },
          { name: 'CHK_bookings_times', expression: '"ends_at" > "starts_at"' },
          { name: 'CHK_bookings_used_minutes', expression: '"used_minutes" IS NULL OR "used_minutes" >= 0' },
        ],
        foreignKeys: [
          { name: 'FK_bookings_machine', columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] },
          { name: 'FK_bookings_partner', columnNames: ['partner_id'], referencedTableName: 'partners', referencedColumnNames: ['id'] },
          { name: 'FK_bookings_series', columnNames: ['series_id'], referencedTableName: 'booking_series', referencedColumnNames: ['id'] },
        ],
        indices: [
          // The overlap check: machine_id = ? AND starts_at BETWEEN (start − 8 h) AND end.
          { name: 'IDX_bookings_machine_starts', columnNames: ['machine_id', 'starts_at'] },
          { name: 'IDX_bookings_author', columnNames: ['author_id', 'starts_at'] },
          { name: 'IDX_bookings_partner', columnNames: ['partner_id', 'starts_at'] },
          { name: 'IDX_bookings_series', columnNames: ['series_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'booking_participants',
        columns: [
          { ...refColumn('booking_id'), isPrimary: true },
          { ...refColumn('participant_id'), isPrimary: true },
        ],
        foreignKeys: [
          {
            name: 'FK_booking_participants_booking',
            columnNames: ['booking_id'],
            referencedTableName: 'bookings',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          participantForeignKey('booking_participants'),
        ],
        indices: [{ name: 'IDX_booking_participants_participant', columnNames: ['participant_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'booking_attendances',
        columns: [
          idColumn(),
          refColumn('booking_id'),
          refColumn('participant_id'),
          refColumn('machine_id'),
          timestampColumn(queryRunner, 'attended_at'),
          refColumn('recorded_by', true),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        foreignKeys: [
          {
            name: 'FK_booking_attendances_booking',
            columnNames: ['booking_id'],
            referencedTableName: 'bookings',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          participantForeignKey('booking_attendances'),
        ],
        indices: [
          { name: 'UQ_booking_attendances_booking_participant', columnNames: ['booking_id', 'participant_id'], isUnique: true },
          { name: 'IDX_booking_attendances_participant', columnNames: ['participant_id', 'attended_at'] },
          { name: 'IDX_booking_attendances_attended', columnNames: ['attended_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'calendar_tokens',
        columns: [
          idColumn(),
          refColumn('user_id'),
          textColumn('token_hash', 64),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        foreignKeys: [
          {
            name: 'FK_calendar_tokens_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'UQ_calendar_tokens_user', columnNames: ['user_id'], isUnique: true },
          { name: 'UQ_calendar_tokens_hash', columnNames: ['token_hash'], isUnique: true },
        ],
      }),
    );

    if (isPostgres(queryRunner)) {
      await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
      await queryRunner.query(
        `ALTER TABLE "bookings" ADD CONSTRAINT "EX_bookings_no_overlap"
           EXCLUDE USING gist ("machine_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
           WHERE ("status" = 'confirmed')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['calendar_tokens', 'booking_attendances', 'booking_participants', 'bookings', 'booking_series']) {
      await queryRunner.dropTable(table);
    }
  }
}
