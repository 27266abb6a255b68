import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { NotificationKind } from './notification-kind.js';
import type { OutboxStatus } from './outbox-status.js';

/** Ids and numbers only: what a delivery needs to find its subject again. Never personal data. */
export type OutboxData = Record<string, string | number | boolean | null>;

/**
 * Something that must be notified, recorded in the same transaction as its cause, so it is never
 * lost: a queue job delivers it when due (`jobId`, deterministic), and the reconcile sweep
 * re-enqueues what Redis lost. `dedupeKey` (UNIQUE) makes recording idempotent: the same cause
 * recorded twice is one entry.
 */
@Entity('outbox')
@Index('IDX_outbox_status_due', ['status', 'dueAt'])
@Index('IDX_outbox_subject', ['subjectType', 'subjectId'])
export class OutboxEntry {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 32 })
  kind: NotificationKind;

  /** What it is about: booking, machine, maintenance_plan, enrollment, qualification, target… */
  @Column('varchar', { length: 32 })
  subjectType: string;

  /** The subject's id (a year or ISO week for the digest). */
  @Column('varchar', { length: 36 })
  subjectId: string;

  /** One user; null: the kind's recipients, resolved when it is delivered. */
  @Column('varchar', { length: 36, nullable: true })
  recipientId: string | null;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column('varchar', { length: 16 })
  status: OutboxStatus;

  @Column('varchar', { length: 200, unique: true })
  dedupeKey: string;

  /** The BullMQ job id that delivers it (no ":"). */
  @Column('varchar', { length: 120 })
  jobId: string;

  /** Delivery attempts so far. */
  @Column('integer', { default: 0 })
  attempts: number;

  @Column('simple-json')
  data: OutboxData;

  /** Why it was skipped or failed (a code or short technical reason, no personal data). */
  @Column('varchar', { length: 200, nullable: true })
  outcome: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
