import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import type { TimeInterval } from '../common/time/intervals.js';
import { ZoneOffsets } from '../common/time/zone-offsets.js';
import type { MachineStatus } from '../machines/machine-status.js';
import type { BookingKind } from './booking-kind.js';
import type { BookingStatus } from './booking-status.js';

/**
 * The booking rules of the contract that need no database, all of them: the shape of a slot and
 * of a series (grid, length), timing, opening hours, machine status, qualifications, maintenance
 * windows and conflicts, the lifecycle (move, cancel, check-in/out, no-show) and who may book or
 * change what. Each returns the DomainError to throw (with its code) or null. "Now" is always
 * passed in, so boundaries are testable. BookingChecksService runs them, in order, for every
 * booking write.
 */

export const SLOT_GRID_MINUTES = 15;
export const MIN_BOOKING_MINUTES = 15;
export const MAX_BOOKING_MINUTES = 8 * 60;
export const MAX_DAYS_AHEAD = 90;
/** Check-in opens this long before the start (people arrive early to set up). */
export const CHECK_IN_LEAD_MINUTES = 30;

const MINUTE_MS = 60_000;

/** The booking fields the lifecycle rules read. */
export interface BookingState {
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  checkedInAt: Date | null;
}

/** A confirmed booking in another booking's way, as named in `details.conflicts`. */
export interface ConflictingBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

export const lengthInMinutes = (interval: TimeInterval): number =>
  Math.round((interval.end.getTime() - interval.start.getTime()) / MINUTE_MS);

const GRID_MS = SLOT_GRID_MINUTES * MINUTE_MS;

/**
 * On the 15-minute grid of local time: 09:00, 09:15 … never 09:10 or 09:00:30. The local time is
 * the instant plus the zone's offset there (what luxon's `DateTime.fromJSDate(at, { zone })`
 * reads its minute, second and millisecond from), the offset memoised by ZoneOffsets: luxon asks
 * Intl.DateTimeFormat for it on every call, twice per booking written (booking-rules.spec.ts
 * compares both across daylight-saving changes).
 */
export function onGrid(at: Date, zone: string): boolean {
  const ts = at.getTime();
  if (!Number.isFinite(ts)) return false;
  const local = ts + ZoneOffsets.of(zone).offset(ts) * MINUTE_MS;
  return ((local % GRID_MS) + GRID_MS) % GRID_MS === 0;
}

/** 15 minutes to 8 hours: how long a booking may last. */
export const withinLengthLimits = (minutes: number): boolean => minutes >= MIN_BOOKING_MINUTES && minutes <= MAX_BOOKING_MINUTES;

const offGrid = (field: string): FieldError => ({
  field,
  message: `${field} must be on a ${SLOT_GRID_MINUTES}-minute boundary (e.g. 09:00, 09:15)`,
});

/**
 * The shape of a slot (400 VALIDATION_FAILED): the end after the start, both on the 15-minute
 * grid, 15 minutes to 8 hours long.
 */
export function slotShapeErrors(
  slot: TimeInterval,
  zone: string,
  fields: { start: string; end: string } = { start: 'startsAt', end: 'endsAt' },
): FieldError[] {
  const errors: FieldError[] = [];
  if (slot.end.getTime() <= slot.start.getTime()) {
    errors.push({ field: fields.end, message: `${fields.end} must be after ${fields.start}` });
    return errors;
  }
  if (!onGrid(slot.start, zone)) errors.push(offGrid(fields.start));
  if (!onGrid(slot.end, zone)) errors.push(offGrid(fields.end));
  if (!withinLengthLimits(lengthInMinutes(slot))) {
    errors.push({
      field: fields.end,
      message: `a booking lasts from ${MIN_BOOKING_MINUTES} minutes to ${MAX_BOOKING_MINUTES / 60} hours`,
    });
  }
  return errors;
}

/**
 * The shape of a series (400 VALIDATION_FAILED), the slot's rules said of its first start and its
 * duration: `firstStartsAt` on the 15-minute grid (when it could be read), `durationMinutes` a
 * multiple of 15 that a booking may last. Every occurrence then starts on the grid at the same
 * local time and ends on it.
 */
export function seriesShapeErrors(first: Date | null, durationMinutes: number, zone: string): FieldError[] {
  const errors: FieldError[] = [];
  if (first && !onGrid(first, zone)) errors.push(offGrid('firstStartsAt'));
  if (!withinLengthLimits(durationMinutes) || durationMinutes % SLOT_GRID_MINUTES !== 0) {
    errors.push({
      field: 'durationMinutes',
      message: `durationMinutes must be a multiple of ${SLOT_GRID_MINUTES} from ${MIN_BOOKING_MINUTES} to ${MAX_BOOKING_MINUTES}`,
    });
  }
  return errors;
}

/**
 * The latest start allowed: 90 calendar days after now, in local time (a DST change in between
 * moves nothing) — luxon's `plus({ days: 90 })`, done by ZoneOffsets on memoised offsets.
 */
export function latestStart(now: Date, zone: string): Date {
  return new Date(ZoneOffsets.of(zone).plusDays(now.getTime(), MAX_DAYS_AHEAD));
}

/** Not in the past (422 IN_THE_PAST): starting right now is fine. At most 90 days ahead (422 TOO_FAR_AHEAD). */
export function timingViolation(start: Date, now: Date, zone: string): DomainError | null {
  if (start.getTime() < now.getTime()) {
    return new DomainError('IN_THE_PAST', 'A booking cannot start in the past', { startsAt: start.toISOString() });
  }
  const latest = latestStart(now, zone);
  if (start.getTime() > latest.getTime()) {
    return new DomainError('TOO_FAR_AHEAD', `A booking cannot start more than ${MAX_DAYS_AHEAD} days ahead`, {
      startsAt: start.toISOString(),
      latestStartsAt: latest.toISOString(),
    });
  }
  return null;
}

/** Inside opening hours and outside closures (422 OUTSIDE_OPENING_HOURS). */
export function openingHoursViolation(withinOpeningHours: boolean, slot: TimeInterval): DomainError | null {
  if (withinOpeningHours) return null;
  return new DomainError('OUTSIDE_OPENING_HOURS', 'The fablab is not open during the whole slot (opening hours, closures)', {
    startsAt: slot.start.toISOString(),
    endsAt: slot.end.toISOString(),
  });
}

/** Only an `available` machine takes bookings (422 MACHINE_UNAVAILABLE). */
export function machineViolation(status: MachineStatus): DomainError | null {
  if (status === 'available') return null;
  return new DomainError('MACHINE_UNAVAILABLE', `The machine is ${status.replace(/_/g, ' ')}: it takes no bookings`, {
    machineStatus: status,
  });
}

/** Overlapping confirmed bookings of the machine (409 BOOKING_CONFLICT), each named with its times. */
export function conflictViolation(conflicts: readonly ConflictingBooking[]): DomainError | null {
  if (conflicts.length === 0) return null;
  return new DomainError('BOOKING_CONFLICT', 'The machine is already booked during this slot', {
    conflicts: conflicts.map((c) => ({ id: c.id, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString() })),
  });
}

/** Overlapping maintenance windows of the machine (409 MAINTENANCE_WINDOW). */
export function maintenanceViolation(windows: readonly { workOrderId: string; start: Date; end: Date }[]): DomainError | null {
  if (windows.length === 0) return null;
  return new DomainError('MAINTENANCE_WINDOW', 'The machine is under maintenance during this slot', {
    windows: windows.map((w) => ({ workOrderId: w.workOrderId, startsAt: w.start.toISOString(), endsAt: w.end.toISOString() })),
  });
}

/**
 * Whether attendees must hold a qualification for the machine's category. Training bookings
 * are exempt: they are where qualifications are earned.
 */
export const requiresQualificationCheck = (kind: BookingKind, machineRequiresQualification: boolean): boolean =>
  machineRequiresQualification && kind !== 'training';

/** Attendees without a valid qualification (422 NOT_QUALIFIED, details.participantIds). */
export function qualificationViolation(unqualifiedIds: readonly string[], category: string): DomainError | null {
  if (unqualifiedIds.length === 0) return null;
  return new DomainError('NOT_QUALIFIED', `Every attendee needs a valid ${category} qualification for this booking`, {
    participantIds: [...unqualifiedIds],
    category,
  });
}

/**
 * A booking overlapping `slot` starts after `slot.start − 8 h` (no booking is longer), so the
 * overlap query can bound `starts_at` on both sides and use the (machine_id, starts_at) index.
 */
export const earliestOverlappingStart = (slot: TimeInterval): Date =>
  new Date(slot.start.getTime() - MAX_BOOKING_MINUTES * MINUTE_MS);

const invalid = (message: string, booking: BookingState) =>
  new DomainError('INVALID_TRANSITION', message, { status: booking.status, checkedInAt: booking.checkedInAt?.toISOString() ?? null });

/** Moves and attendee changes apply to confirmed bookings; once checked in, the times stay. */
export function moveViolation(booking: BookingState, timesChange: boolean): DomainError | null {
  if (booking.status !== 'confirmed') return invalid(`A ${booking.status} booking cannot be changed`, booking);
  if (timesChange && booking.checkedInAt) return invalid('A checked-in booking cannot be moved', booking);
  return null;
}

/** Cancelling frees a confirmed slot that has not been used: not once checked in, nor after its end. */
export function cancelViolation(booking: BookingState, now: Date): DomainError | null {
  if (booking.status !== 'confirmed') return invalid(`A ${booking.status} booking cannot be cancelled`, booking);
  if (booking.checkedInAt) return invalid('A checked-in booking cannot be cancelled: check it out', booking);
  if (booking.endsAt.getTime() <= now.getTime()) return invalid('A booking that has ended cannot be cancelled: mark it no-show', booking);
  return null;
}

/** Check-in: a confirmed booking, once, from 30 minutes before its start until its end. */
export function checkInViolation(booking: BookingState, now: Date): DomainError | null {
  if (booking.status !== 'confirmed') return invalid(`A ${booking.status} booking cannot be checked in`, booking);
  if (booking.checkedInAt) return invalid('This booking is already checked in', booking);
  const opens = booking.startsAt.getTime() - CHECK_IN_LEAD_MINUTES * MINUTE_MS;
  if (now.getTime() < opens) {
    return invalid(`Check-in opens ${CHECK_IN_LEAD_MINUTES} minutes before the start`, booking);
  }
  if (now.getTime() >= booking.endsAt.getTime()) return invalid('This booking has ended: it can no longer be checked in', booking);
  return null;
}

/**
 * Check-out: a confirmed booking that was checked in, once it has started — earlier, the machine
 * was not used yet, and checking out would free the slot for another booking.
 */
export function checkOutViolation(booking: BookingState, now: Date): DomainError | null {
  if (booking.status !== 'confirmed') return invalid(`A ${booking.status} booking cannot be checked out`, booking);
  if (!booking.checkedInAt) return invalid('Check the booking in before checking it out', booking);
  if (now.getTime() < booking.startsAt.getTime()) return invalid('A booking can be checked out once it has started', booking);
  return null;
}

/** No-show: a confirmed booking nobody checked in, once its start has passed. */
export function noShowViolation(booking: BookingState, now: Date): DomainError | null {
  if (booking.status !== 'confirmed') return invalid(`A ${booking.status} booking cannot be marked no-show`, booking);
  if (booking.checkedInAt) return invalid('A checked-in booking is no no-show', booking);
  if (now.getTime() < booking.startsAt.getTime()) return invalid('A booking can be marked no-show once it has started', booking);
  return null;
}

/*
 * Who may book what, and change which booking (403 FORBIDDEN). Who may *see* which booking is a
 * query: BookingVisibilityService (404 for someone out of scope, no existence oracle).
 */

/** The caller, as the who-may rules read them. */
export type BookingCaller = Pick<AuthUser, 'id' | 'role' | 'partnerId' | 'participantId'>;

/** What a request asks to book, as the who-may rules read it. */
export interface BookingRequestTerms {
  kind: BookingKind;
  partnerId?: string;
  participantIds?: string[];
}

/** Who a booking is for, once the caller's role has had its say. */
export interface BookingTerms {
  partnerId: string | null;
  participantIds: string[];
}

const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

/**
 * What the caller may book (403 otherwise). Learners: `open_lab` only, for themself (their
 * participant id, implicitly), for no partner. Trainers: for their own partner. Facilitators
 * and admins: for anyone.
 */
export function termsViolation(user: BookingCaller, input: BookingRequestTerms): DomainError | null {
  if (user.role === 'learner') {
    if (!user.participantId) return forbidden('Your account is not linked to a participant: it cannot book');
    if (input.kind !== 'open_lab') return forbidden('Learners may book open-lab time only');
    if (input.partnerId !== undefined) return forbidden('Learners book for themselves, not for a partner');
    if (input.participantIds !== undefined) return attendeeListViolation(user, input.participantIds);
    return null;
  }
  if (user.role === 'trainer' && input.partnerId !== undefined && input.partnerId !== user.partnerId) {
    return forbidden('Trainers book for their own partner only');
  }
  return null;
}

/** Who the booking is for, once termsViolation found nothing: a learner themself, a trainer's own partner. */
export function bookingTerms(user: BookingCaller, input: BookingRequestTerms): BookingTerms {
  switch (user.role) {
    case 'learner':
      return { partnerId: null, participantIds: user.participantId ? [user.participantId] : [] };
    case 'trainer':
      return { partnerId: user.partnerId, participantIds: input.participantIds ?? [] };
    default:
      return { partnerId: input.partnerId ?? null, participantIds: input.participantIds ?? [] };
  }
}

/** A learner lists only themself as attendee (403 otherwise); staff list anyone. */
export function attendeeListViolation(user: BookingCaller, participantIds: readonly string[]): DomainError | null {
  if (user.role !== 'learner') return null;
  if (participantIds.length === 1 && participantIds[0] === user.participantId) return null;
  return forbidden('Learners book for themselves only');
}

/** Moves, cancellations, check-in and check-out: the author, facilitators and admins (403 otherwise). */
export function manageViolation(booking: { authorId: string }, user: BookingCaller): DomainError | null {
  if (booking.authorId === user.id || user.role === 'facilitator' || user.role === 'admin') return null;
  return forbidden('Only its author, a facilitator or an admin may change this booking');
}

/** No-show: staff only — the author when they are staff, facilitators and admins. */
export function noShowPermissionViolation(booking: { authorId: string }, user: BookingCaller): DomainError | null {
  if (user.role === 'learner') return forbidden('Only staff may mark a booking as no-show');
  return manageViolation(booking, user);
}
