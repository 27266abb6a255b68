import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from '../migration-helpers.js';

/**
 * A series keeps the occurrences it could not book and why (JSON), so that its report can be read
 * again after it was made (GET /bookings/series/:id/report; the trainer's page redirects to it).
 */
export class SeriesReport1764640000001 implements MigrationInterface {
  name = 'SeriesReport1764640000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addColumn(queryRunner, 'booking_series', { name: 'skipped', type: 'text', isNullable: true });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('booking_series', 'skipped');
  }
}
