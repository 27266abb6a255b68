import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A participant was there: one row per attendee of a checked-in booking, at its check-in time.
 * Statistics read it as activity ("participant X attended at time T") for the yearly target.
 */
@Entity('booking_attendances')
@Index('UQ_booking_attendances_booking_participant', ['bookingId', 'participantId'], { unique: true })
@Index('IDX_booking_attendances_participant', ['participantId', 'attendedAt'])
@Index('IDX_booking_attendances_attended', ['attendedAt'])
@Index('IDX_booking_attendances_booking_starts', ['bookingStartsAt', 'bookingId', 'participantId'])
export class BookingAttendance {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  bookingId: string;

  @Column('varchar', { length: 36 })
  participantId: string;

  @Column('varchar', { length: 36 })
  machineId: string;

  /** The booking's check-in time. */
  @Column({ type: 'timestamptz' })
  attendedAt: Date;

  /**
   * The booking's start (bookings.starts_at), written with the row and again when the booking
   * moves: the period report finds a period's attendees by it. Null only for rows a version
   * without it wrote.
   */
  @Column({ type: 'timestamptz', nullable: true })
  bookingStartsAt: Date | null;

  @Column('varchar', { length: 36, nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
