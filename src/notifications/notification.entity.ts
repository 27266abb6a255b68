import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationKind } from './notification-kind.js';
import type { EmailStatus } from './outbox-status.js';

/**
 * One message in one user's inbox, rendered from the templates when delivered. `dedupeKey`
 * (UNIQUE: kind, object, occurrence, recipient) makes delivery idempotent: a job that runs twice
 * inserts it once, and e-mails it once.
 */
@Entity('notifications')
@Index('IDX_notifications_user_created', ['userId', 'createdAt'])
export class Notification {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 32 })
  kind: NotificationKind;

  @Column('varchar', { length: 200 })
  title: string;

  @Column('text')
  body: string;

  /** Ids (and a few numbers) a client links to: bookingId, machineId, enrollmentId… */
  @Column('simple-json')
  data: Record<string, unknown>;

  @Column('varchar', { length: 300, unique: true })
  dedupeKey: string;

  @Column('varchar', { length: 36, nullable: true })
  outboxId: string | null;

  @Column('varchar', { length: 16 })
  emailStatus: EmailStatus;

  /** When the e-mail was claimed for sending (a claim older than a few minutes may be retried). */
  @Column({ type: 'timestamptz', nullable: true })
  emailClaimedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
