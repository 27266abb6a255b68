/**
 * confirmed: holds its slot (the only status that does); cancelled: freed before it happened;
 * completed: checked out; no_show: nobody checked in.
 */
export const BOOKING_STATUSES = ['confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses counted as booked machine time (metrics, availability of the past). */
export const BOOKED_STATUSES: readonly BookingStatus[] = ['confirmed', 'completed'];
