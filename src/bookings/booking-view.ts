import type { AffectedReason } from './booking-affected-reason.js';
import type { BookingKind } from './booking-kind.js';
import type { BookingStatus } from './booking-status.js';
import type { Booking } from './booking.entity.js';

/**
 * A booking as the API shows it. Times are UTC ISO strings. `participantIds`: the planned
 * attendees; `attendeeIds`: those recorded at check-in/check-out. A learner sees only their own
 * participant id in both lists (other young people's ids are not theirs to see).
 */
export interface BookingView {
  id: string;
  machineId: string;
  kind: BookingKind;
  status: BookingStatus;
  startsAt: string;
  endsAt: string;
  title: string | null;
  partnerId: string | null;
  authorId: string;
  participantIds: string[];
  seriesId: string | null;
  /** A blocking incident or a maintenance window hit this booking after it was made. */
  affected: boolean;
  /** `incident` or `maintenance_window` when affected, else null. */
  affectedReason: AffectedReason | null;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  usedMinutes: number | null;
  attendeeIds: string[];
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
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
