import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PhotoFormat } from './photo-processing.js';

/**
 * A photo given as evidence for one step of one enrolment. The files are named after `id` (a
 * random UUID, never anything the client sent) under EVIDENCE_DIR: `<id>.jpg` and
 * `<id>.thumb.jpg`. Deleted, files and row, when the person is erased.
 */
@Entity('evidence_photos')
export class EvidencePhoto {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  participantId: string;

  @Column('varchar', { length: 36 })
  enrollmentId: string;

  @Column('varchar', { length: 36 })
  stepId: string;

  /** Who took or sent it (a facilitator, a trainer, an admin). */
  @Column('varchar', { length: 36, nullable: true })
  uploadedByUserId: string | null;

  /** What the upload really was (from its bytes); stored as JPEG whatever it was. */
  @Column('varchar', { length: 8 })
  sourceFormat: PhotoFormat;

  @Column('integer')
  width: number;

  @Column('integer')
  height: number;

  @Column('integer')
  byteSize: number;

  @Column('integer')
  thumbnailWidth: number;

  @Column('integer')
  thumbnailHeight: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
