import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A user's calendar-feed token, stored as its SHA-256 only. One per user: issuing a new one
 * replaces (revokes) the previous.
 */
@Entity('calendar_tokens')
@Index('UQ_calendar_tokens_user', ['userId'], { unique: true })
@Index('UQ_calendar_tokens_hash', ['tokenHash'], { unique: true })
export class CalendarToken {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
