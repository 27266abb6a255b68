import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Outcome } from './enrollment-status.js';
import type { ProgressEventType } from './progress-event-type.js';

/**
 * The append-only log of progress: who did what, when, with which evidence. Rows are never
 * updated or deleted, except that erasure wipes their free text (note, evidence).
 */
@Entity('progress_events')
export class ProgressEvent {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  enrollmentId: string;

  /** Denormalised from the enrolment: statistics count people by their events. */
  @Column('varchar', { length: 36 })
  participantId: string;

  /** 1, 2, 3… within the enrolment: the order of the log, even for events of the same instant. */
  @Column('integer')
  sequence: number;

  /** For step events. */
  @Column('varchar', { length: 36, nullable: true })
  stepId: string | null;

  @Column('varchar', { length: 16 })
  type: ProgressEventType;

  @Column('varchar', { length: 36, nullable: true })
  authorUserId: string | null;

  /** When it happened (may be back-dated); `recordedAt` is when it was written. */
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column('varchar', { length: 2000, nullable: true })
  note: string | null;

  @Column('varchar', { length: 2000, nullable: true })
  evidenceUrl: string | null;

  /** For `outcome` events. */
  @Column('varchar', { length: 24, nullable: true })
  outcome: Outcome | null;
}
