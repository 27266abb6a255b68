import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SkippedOccurrence } from './series-report-view.js';
import type { BookingKind } from './booking-kind.js';

/** A recurring series as it was asked for; its bookings carry its id. */
@Entity('booking_series')
export class BookingSeries {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  @Column('varchar', { length: 16 })
  kind: BookingKind;

  /** The recurrence, as an iCalendar RRULE in local time of APP_TIMEZONE (`FREQ=WEEKLY;INTERVAL=2;COUNT=10`). */
  @Column('varchar', { length: 200 })
  rule: string;

  @Column({ type: 'timestamptz' })
  firstStartsAt: Date;

  @Column('integer')
  durationMinutes: number;

  @Column('varchar', { length: 36 })
  authorId: string;

  /** The occurrences it could not book, and why (null: none); see GET /bookings/series/:id/report. */
  @Column('simple-json', { nullable: true })
  skipped: SkippedOccurrence[] | null = null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
