import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The families of refresh tokens that have been revoked, by family: what the guard asks about the
 * session of every authenticated request (session-checks.ts). Through the family index alone, the
 * question read every token of the family — one more with each refresh, a few hundred for a
 * session in use every day of its thirty — to find none revoked. Partial: only revoked tokens,
 * so the answer is one probe, and the index stays as small as the revocations are few.
 */
export class RevokedSessionsIndex1764660000140 implements MigrationInterface {
  name = 'RevokedSessionsIndex1764660000140';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_refresh_tokens_revoked_family" ON refresh_tokens (family_id) WHERE revoked_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_refresh_tokens_revoked_family"');
  }
}
