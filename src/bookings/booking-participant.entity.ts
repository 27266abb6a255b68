import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A planned attendee of a booking (the `participantIds` of the contract). */
@Entity('booking_participants')
@Index('IDX_booking_participants_participant', ['participantId'])
@Index('IDX_booking_participants_booking_starts', ['bookingStartsAt', 'bookingId'])
export class BookingParticipant {
  @PrimaryColumn('varchar', { length: 36 })
  bookingId: string;

  @PrimaryColumn('varchar', { length: 36 })
  participantId: string;

  /**
   * The booking's start (bookings.starts_at), written with the row and again when the booking
   * moves: the period report finds a period's planned places by it. Null only for rows a
   * version without it wrote.
   */
  @Column({ type: 'timestamptz', nullable: true })
  bookingStartsAt: Date | null;
}
