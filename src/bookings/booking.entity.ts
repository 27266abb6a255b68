import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { AffectedReason } from './booking-affected-reason.js';
import type { BookingKind } from './booking-kind.js';
import type { BookingStatus } from './booking-status.js';

/**
 * A slot of machine time [startsAt, endsAt). Only `confirmed` bookings hold their slot: on
 * PostgreSQL an exclusion constraint forbids two overlapping confirmed bookings of one machine.
 * Planned attendees are BookingParticipant rows, actual ones BookingAttendance rows.
 */
@Entity('bookings')
@Index('IDX_bookings_machine_starts', ['machineId', 'startsAt'])
@Index('IDX_bookings_author', ['authorId', 'startsAt'])
@Index('IDX_bookings_partner', ['partnerId', 'startsAt'])
@Index('IDX_bookings_series', ['seriesId'])
export class Booking {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  @Column('varchar', { length: 16 })
  kind: BookingKind;

  @Column('varchar', { length: 16 })
  status: BookingStatus;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column('varchar', { length: 160, nullable: true })
  title: string | null;

  /** The partner organisation the slot is for (a trainer's own partner). */
  @Column('varchar', { length: 36, nullable: true })
  partnerId: string | null;

  /** The user who booked. */
  @Column('varchar', { length: 36 })
  authorId: string;

  @Column('varchar', { length: 36, nullable: true })
  seriesId: string | null;

  /** A blocking incident or a maintenance window hit this confirmed booking; cleared when it is moved. */
  @Column('boolean', { default: false })
  affected: boolean;

  @Column('varchar', { length: 32, nullable: true })
  affectedReason: AffectedReason | null;

  /** The incident or work order that affected it (so the same cause flags it once). */
  @Column('varchar', { length: 36, nullable: true })
  affectedCauseId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedOutAt: Date | null;

  /** Minutes of machine use recorded at check-out (added to the machine's meter). */
  @Column('integer', { nullable: true })
  usedMinutes: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column('varchar', { length: 36, nullable: true })
  cancelledBy: string | null;

  @Column('varchar', { length: 500, nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** 1 at creation, one more on every update (save or update query): the calendar's SEQUENCE. */
  @VersionColumn({ default: 1 })
  revision: number;
}
