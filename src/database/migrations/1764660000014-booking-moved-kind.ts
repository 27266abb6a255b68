import { type MigrationInterface, type QueryRunner, TableCheck } from 'typeorm';
import { inCheck } from '../migration-helpers.js';

/** The kinds before this migration, as the notifications migration wrote them into its checks. */
const KINDS_BEFORE = [
  'booking_reminder',
  'booking_cancelled',
  'booking_affected',
  'maintenance_due',
  'machine_down',
  'machine_back',
  'inactivity_nudge',
  'participant_stalled',
  'step_validated',
  'path_completed',
  'qualification_expiring',
  'target_digest',
] as const;
const KINDS_AFTER = [...KINDS_BEFORE, 'booking_moved'] as const;

const TABLES = ['outbox', 'notifications'] as const;

/**
 * A new notification kind, booking_moved (a booking's attendees are told its new time). The
 * kind checks of the outbox and the inbox were written with the kinds of their day: a database
 * made before would refuse the new kind's rows, and with them the move that records one. The
 * lists are spelt out here, as they are at this migration, not read from NOTIFICATION_KINDS.
 */
export class BookingMovedKind1764660000014 implements MigrationInterface {
  name = 'BookingMovedKind1764660000014';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await replaceKindCheck(queryRunner, table, KINDS_AFTER);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Rows of the kind that did not exist before go, or the narrower check could not be added.
    for (const table of TABLES) await queryRunner.query(`DELETE FROM "${table}" WHERE "kind" = 'booking_moved'`);
    for (const table of TABLES) await replaceKindCheck(queryRunner, table, KINDS_BEFORE);
  }
}

async function replaceKindCheck(queryRunner: QueryRunner, table: string, kinds: readonly string[]): Promise<void> {
  const name = `CHK_${table}_kind`;
  await queryRunner.dropCheckConstraint(table, name);
  await queryRunner.createCheckConstraint(table, new TableCheck({ name, expression: inCheck('kind', kinds) }));
}
