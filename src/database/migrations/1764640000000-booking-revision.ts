import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from '../migration-helpers.js';

/**
 * A booking counts its changes (TypeORM's version column: 1 at creation, +1 on every update),
 * so the calendar feed's SEQUENCE grows with each move or cancellation, even within a second.
 */
export class BookingRevision1764640000000 implements MigrationInterface {
  name = 'BookingRevision1764640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addColumn(queryRunner, 'bookings', { name: 'revision', type: 'integer', default: 1 });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('bookings', 'revision');
  }
}
