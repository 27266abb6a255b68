import type { MigrationInterface, QueryRunner } from 'typeorm';
import { timestampType } from '../migration-helpers.js';

/**
 * booking_participants.booking_starts_at and booking_attendances.booking_starts_at: their
 * booking's start (bookings.starts_at), written with each row and again when the booking moves
 * (bookings.service.ts, booking-use.service.ts). The period report counts the planned places and
 * attendees of the bookings that started in a period: neither table had a time, so each count
 * joined the whole table (230,000 and 190,000 rows on the ten-year set) to the period's
 * bookings. Indexed by it, a period reads its own rows (20,000 a year). Nullable: filled here
 * for the rows already there, by the application for new ones.
 */
export class BookingStartsOnAttendees1764660000131 implements MigrationInterface {
  name = 'BookingStartsOnAttendees1764660000131';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['booking_participants', 'booking_attendances']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN booking_starts_at ${timestampType(queryRunner)}`);
      await queryRunner.query(`UPDATE ${table} SET booking_starts_at = (SELECT b.starts_at FROM bookings b WHERE b.id = ${table}.booking_id)`);
    }
    await queryRunner.query('CREATE INDEX "IDX_booking_participants_booking_starts" ON booking_participants (booking_starts_at, booking_id)');
    await queryRunner.query(
      'CREATE INDEX "IDX_booking_attendances_booking_starts" ON booking_attendances (booking_starts_at, booking_id, participant_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_booking_attendances_booking_starts"');
    await queryRunner.query('DROP INDEX "IDX_booking_participants_booking_starts"');
    await queryRunner.query('ALTER TABLE booking_attendances DROP COLUMN booking_starts_at');
    await queryRunner.query('ALTER TABLE booking_participants DROP COLUMN booking_starts_at');
  }
}
