import type { AffectedReason } from '../../bookings/booking-affected-reason.js';
import type { Booking } from '../../bookings/booking.entity.js';
import type { MachineStatus, StatusChangeSource } from '../../machines/machine-status.js';

/*
 * Every domain event, its name and its payload. Emitters call `DomainEvents.emit(name, payload)`;
 * handlers are methods marked `@OnDomainEvent(name)` in the feature that reacts. `grep` for a
 * name finds both. The imports above are type-only: this file adds no runtime dependency.
 */

/** A booking was made; `actorId` is null for what the system does. */
export interface BookingCreated {
  booking: Booking;
  participantIds: string[];
  actorId: string | null;
}

/** A booking changed (times and/or attendees, any PATCH): its reminders move with it. */
export interface BookingMoved {
  booking: Booking;
  participantIds: string[];
  previous: { startsAt: Date; endsAt: Date; participantIds: string[] };
  /** null for what the system does (a participant's erasure). */
  actorId: string | null;
}

export interface BookingCancelled {
  booking: Booking;
  participantIds: string[];
  /** null for what the system does (a participant's erasure). */
  actorId: string | null;
}

/** A blocking incident or a maintenance window hit a confirmed booking (it stays confirmed). */
export interface BookingAffected {
  booking: Booking;
  participantIds: string[];
  reason: AffectedReason;
  causeId: string;
}

/** A booking was checked out: used. */
export interface BookingCompleted {
  booking: Booking;
  attendeeIds: string[];
  actorId: string | null;
}

/** Nobody came to a booking. */
export interface BookingNoShow {
  booking: Booking;
  participantIds: string[];
  actorId: string | null;
}

/** A period when a machine cannot be used: from a blocking incident (open-ended) or a maintenance window. */
export interface MachineDisruption {
  machineId: string;
  from: Date;
  /** null: until further notice (a blocking incident). */
  to: Date | null;
  cause: 'incident' | 'maintenance_window';
  /** The incident or work order id. */
  causeId: string;
}

/** A machine's status changed (one row of its status history). */
export interface MachineStatusChanged {
  machineId: string;
  /** The status history row. */
  changeId: string;
  from: MachineStatus | null;
  to: MachineStatus;
  source: StatusChangeSource;
  at: Date;
}

/** A milestone of someone's path: a step validated, or the whole path completed. */
export interface ProgressMilestone {
  type: 'step_validated' | 'path_completed';
  enrollmentId: string;
  participantId: string;
  /** For `step_validated`. */
  stepId?: string;
  at: Date;
}

/**
 * Activity that makes young people "reached" was written for them, or removed: an enrolment, a
 * validated step, a check-in recorded or taken back. Emitted inside the writing transaction; the
 * statistics keep their per-month record of first activity from it.
 */
export interface ParticipantActivityChanged {
  participantIds: string[];
}

/**
 * GDPR erasure of a participant (DELETE /participants/:id), inside its transaction: each feature
 * holding data about the person wipes its free text and drops what its queued jobs would send.
 */
export interface ParticipantErasing {
  participantId: string;
}

/**
 * An account's credentials changed under it (a password set by an admin, a deactivation, a reset
 * by a new activation code, an erasure): every session of the account ends.
 */
export interface UserCredentialsChanged {
  userId: string;
}

export interface DomainEventMap {
  'booking.created': BookingCreated;
  'booking.moved': BookingMoved;
  'booking.cancelled': BookingCancelled;
  'booking.affected': BookingAffected;
  'booking.completed': BookingCompleted;
  'booking.no-show': BookingNoShow;
  'machine.disrupted': MachineDisruption;
  'machine.status-changed': MachineStatusChanged;
  'progress.milestone': ProgressMilestone;
  'participant.activity-changed': ParticipantActivityChanged;
  'participant.erasing': ParticipantErasing;
  'user.credentials-changed': UserCredentialsChanged;
}

export type DomainEventName = keyof DomainEventMap;

/**
 * Events that must reach at least one handler, or the application refuses to start: an erasure
 * that no feature hears leaves personal data behind; a credentials change that auth does not hear
 * leaves sessions open; activity the statistics do not hear is missing from their counts.
 */
export const REQUIRED_DOMAIN_EVENTS: readonly DomainEventName[] = ['participant.erasing', 'user.credentials-changed', 'participant.activity-changed'];
