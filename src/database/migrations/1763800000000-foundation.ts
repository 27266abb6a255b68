import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { PARTNER_KINDS } from '../../partners/partner-kind.js';
import { ROLES } from '../../users/role.js';
import {
  createdUpdatedColumns,
  idColumn,
  inCheck,
  refColumn,
  textColumn,
  timestampColumn,
  timestampType,
  nowDefault,
} from '../migration-helpers.js';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'partners',
        columns: [
          idColumn(),
          textColumn('name', 160),
          textColumn('name_key', 160),
          textColumn('kind', 16),
          { name: 'active', type: 'boolean', default: true },
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [{ name: 'CHK_partners_kind', expression: inCheck('kind', PARTNER_KINDS) }],
        indices: [{ name: 'UQ_partners_name_key', columnNames: ['name_key'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          idColumn(),
          textColumn('email', 254, true),
          textColumn('username', 64, true),
          textColumn('password_hash', 255, true),
          textColumn('role', 16),
          textColumn('display_name', 120),
          refColumn('partner_id', true),
          refColumn('participant_id', true),
          { name: 'active', type: 'boolean', default: true },
          timestampColumn(queryRunner, 'last_login_at', true),
          timestampColumn(queryRunner, 'credentials_changed_at', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [{ name: 'CHK_users_role', expression: inCheck('role', ROLES) }],
        indices: [
          { name: 'UQ_users_email', columnNames: ['email'], isUnique: true },
          { name: 'UQ_users_username', columnNames: ['username'], isUnique: true },
          { name: 'IDX_users_partner', columnNames: ['partner_id'] },
        ],
        foreignKeys: [
          { name: 'FK_users_partner', columnNames: ['partner_id'], referencedTableName: 'partners', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          idColumn(),
          refColumn('user_id'),
          refColumn('family_id'),
          textColumn('token_hash', 64),
          timestampColumn(queryRunner, 'expires_at'),
          timestampColumn(queryRunner, 'used_at', true),
          timestampColumn(queryRunner, 'revoked_at', true),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'FK_refresh_tokens_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_refresh_tokens_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'IDX_refresh_tokens_family', columnNames: ['family_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('users');
    await queryRunner.dropTable('partners');
  }
}
