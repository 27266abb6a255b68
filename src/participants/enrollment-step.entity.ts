import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { StepStatus } from './enrollment-status.js';

/**
 * The current state of one step of one enrolment, kept beside the event log (which stays the
 * history). No row yet = `todo`.
 */
@Entity('enrollment_steps')
export class EnrollmentStep {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  enrollmentId: string;

  @Column('varchar', { length: 36 })
  stepId: string;

  @Column('varchar', { length: 16 })
  status: StepStatus;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  validatedAt: Date | null;

  @Column('varchar', { length: 36, nullable: true })
  validatedByUserId: string | null;

  /** The latest evidence given, by the learner or the validator. Wiped on erasure. */
  @Column('varchar', { length: 2000, nullable: true })
  evidenceUrl: string | null;

  @Column('varchar', { length: 2000, nullable: true })
  evidenceNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  /** Why the latest submission was sent back. Wiped on erasure. */
  @Column('varchar', { length: 2000, nullable: true })
  rejectionReason: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
