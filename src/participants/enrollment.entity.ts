import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EnrollmentStatus, Outcome } from './enrollment-status.js';

/**
 * A participant on a path. Its status and dates are the current state; every change is also a
 * row of progress_events. At most one active or paused enrolment per participant and path.
 */
@Entity('enrollments')
export class Enrollment {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  participantId: string;

  @Column('varchar', { length: 36 })
  pathId: string;

  @Column('varchar', { length: 16 })
  status: EnrollmentStatus;

  /** May be back-dated, never in the future. */
  @Column({ type: 'timestamptz' })
  enrolledAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** The latest progress (enrolment, submission, validation, resumption): inactivity sweeps. */
  @Column({ type: 'timestamptz' })
  lastActivityAt: Date;

  /** What the young person does after the path. */
  @Column('varchar', { length: 24, nullable: true })
  outcome: Outcome | null;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
