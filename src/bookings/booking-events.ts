import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AffectedReason } from './booking-affected-reason.js';
import type { Booking } from './booking.entity.js';

/**
 * What happened to a booking. `moved` covers every PATCH (times and/or attendees): reminders
 * move with it. `affected`: a blocking incident or a maintenance window hit a confirmed booking.
 * `actorId` is null for what the system does (a participant's erasure).
 */
export type BookingEvent =
  | { type: 'created'; booking: Booking; participantIds: string[]; actorId: string | null }
  | {
      type: 'moved';
      booking: Booking;
      participantIds: string[];
      previous: { startsAt: Date; endsAt: Date; participantIds: string[] };
      actorId: string | null;
    }
  | { type: 'cancelled'; booking: Booking; participantIds: string[]; actorId: string | null }
  | { type: 'affected'; booking: Booking; participantIds: string[]; reason: AffectedReason; causeId: string }
  | { type: 'completed'; booking: Booking; attendeeIds: string[]; actorId: string | null }
  | { type: 'no_show'; booking: Booking; participantIds: string[]; actorId: string | null };

export type BookingEventListener = (event: BookingEvent, manager: EntityManager) => Promise<void>;

/**
 * Where later features (reminders, notifications) learn what happens to bookings, without
 * bookings depending on them. Listeners run inside the transaction of the change, with its
 * manager: an outbox row they write commits or rolls back with the booking. A listener that
 * throws fails the whole use case.
 */
@Injectable()
export class BookingEvents {
  private readonly listeners: BookingEventListener[] = [];

  /** Registers a listener (typically in a module's onModuleInit); returns its unregistration. */
  register(listener: BookingEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Called by the bookings services inside the transaction of the change. */
  async emit(event: BookingEvent, manager: EntityManager): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener(event, manager);
    }
  }
}
