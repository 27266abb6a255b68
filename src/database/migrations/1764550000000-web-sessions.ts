import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from '../migration-helpers.js';

/**
 * Web sessions (src/web): their refresh-token family is marked, so the cookie's token opens
 * pages only and POST /auth/refresh refuses it (the API never accepts the cookie).
 */
export class WebSessions1764550000000 implements MigrationInterface {
  name = 'WebSessions1764550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addColumn(queryRunner, 'refresh_tokens', { name: 'web', type: 'boolean', default: false });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('refresh_tokens', 'web');
  }
}
