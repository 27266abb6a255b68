import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MachineCategory } from '../common/machine-category.js';
import type { QualificationSource } from './qualification-source.js';

/**
 * A participant's qualification for a machine category, valid from `grantedAt` until
 * `expiresAt` unless revoked. Rows are never deleted: revoking sets `revokedAt`.
 */
@Entity('qualifications')
export class Qualification {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  participantId: string;

  @Column('varchar', { length: 16 })
  category: MachineCategory;

  @Column({ type: 'timestamptz' })
  grantedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column('varchar', { length: 36, nullable: true })
  revokedByUserId: string | null;

  /** Why staff revoked it (wiped by erasure: free text about the person). */
  @Column('varchar', { length: 500, nullable: true })
  revokeReason: string | null;

  @Column('varchar', { length: 8 })
  source: QualificationSource;

  /** For `step` qualifications: the enrolment and step whose validation granted it. */
  @Column('varchar', { length: 36, nullable: true })
  enrollmentId: string | null;

  @Column('varchar', { length: 36, nullable: true })
  stepId: string | null;

  @Column('varchar', { length: 36, nullable: true })
  grantedByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
