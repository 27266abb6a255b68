import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn, textColumn } from '../migration-helpers.js';

/** Why a qualification was revoked: staff say it when they revoke from a person's page. */
export class QualificationRevokeReason1764600000000 implements MigrationInterface {
  name = 'QualificationRevokeReason1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addColumn(queryRunner, 'qualifications', textColumn('revoke_reason', 500, true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('qualifications', 'revoke_reason');
  }
}
