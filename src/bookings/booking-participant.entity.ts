import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A planned attendee of a booking (the `participantIds` of the contract). */
@Entity('booking_participants')
@Index('IDX_booking_participants_participant', ['participantId'])
export class BookingParticipant {
  @PrimaryColumn('varchar', { length: 36 })
  bookingId: string;

  @PrimaryColumn('varchar', { length: 36 })
  participantId: string;
}
