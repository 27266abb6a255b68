import { ApiProperty } from '@nestjs/swagger';
import { AFFECTED_REASONS, type AffectedReason } from './booking-affected-reason.js';
import { BOOKING_KINDS, type BookingKind } from './booking-kind.js';
import { BOOKING_STATUSES, type BookingStatus } from './booking-status.js';
import type { Booking } from './booking.entity.js';

/**
 * A booking as the API shows it. Times are UTC ISO strings. `participantIds`: the planned
 * attendees; `attendeeIds`: those recorded at check-in/check-out. A learner sees only their own
 * participant id in both lists (other young people's ids are not theirs to see).
 */
export class BookingView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ enum: BOOKING_KINDS, enumName: 'BookingKind' })
  kind: BookingKind;

  @ApiProperty({ enum: BOOKING_STATUSES, enumName: 'BookingStatus' })
  status: BookingStatus;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  partnerId: string | null;

  @ApiProperty({ format: 'uuid' })
  authorId: string;

  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } })
  participantIds: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  seriesId: string | null;

  @ApiProperty({ description: 'a blocking incident or a maintenance window hit this booking after it was made' })
  affected: boolean;

  @ApiProperty({ enum: AFFECTED_REASONS, nullable: true, description: '`incident` or `maintenance_window` when affected, else null' })
  affectedReason: AffectedReason | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedInAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedOutAt: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  usedMinutes: number | null;

  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } })
  attendeeIds: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

export const toBookingView = (booking: Booking, participantIds: string[], attendeeIds: string[]): BookingView => ({
  id: booking.id,
  machineId: booking.machineId,
  kind: booking.kind,
  status: booking.status,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
  title: booking.title,
  partnerId: booking.partnerId,
  authorId: booking.authorId,
  participantIds,
  seriesId: booking.seriesId,
  affected: booking.affected,
  affectedReason: booking.affected ? booking.affectedReason : null,
  checkedInAt: iso(booking.checkedInAt),
  checkedOutAt: iso(booking.checkedOutAt),
  usedMinutes: booking.usedMinutes,
  attendeeIds,
  cancelledAt: iso(booking.cancelledAt),
  cancelReason: booking.cancelReason,
  createdAt: booking.createdAt.toISOString(),
  updatedAt: booking.updatedAt.toISOString(),
});
