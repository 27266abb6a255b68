import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, nowDefault, refColumn, textColumn, timestampType } from '../migration-helpers.js';

/** Step photos given as evidence (the files live under EVIDENCE_DIR, named by the row's id). */
export class EvidencePhotos1764630000000 implements MigrationInterface {
  name = 'EvidencePhotos1764630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const integer = (name: string) => ({ name, type: 'integer' });
    await queryRunner.createTable(
      new Table({
        name: 'evidence_photos',
        columns: [
          idColumn(),
          refColumn('participant_id'),
          refColumn('enrollment_id'),
          refColumn('step_id'),
          refColumn('uploaded_by_user_id', true),
          textColumn('source_format', 8),
          integer('width'),
          integer('height'),
          integer('byte_size'),
          integer('thumbnail_width'),
          integer('thumbnail_height'),
          { name: 'created_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
        foreignKeys: [
          { columnNames: ['participant_id'], referencedTableName: 'participants', referencedColumnNames: ['id'] },
          { columnNames: ['enrollment_id'], referencedTableName: 'enrollments', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await queryRunner.createIndices('evidence_photos', [
      new TableIndex({ name: 'IDX_evidence_photos_enrollment_step', columnNames: ['enrollment_id', 'step_id'] }),
      new TableIndex({ name: 'IDX_evidence_photos_participant', columnNames: ['participant_id'] }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('evidence_photos');
  }
}
