import { Injectable } from '@nestjs/common';
import { normalize, type TimeInterval } from '../common/time/intervals.js';

/** The booked intervals of a machine overlapping [from, to) (bookings: confirmed and completed). */
export type BookedTimeProvider = (machineId: string, from: Date, to: Date) => Promise<TimeInterval[]>;

/**
 * Where the bookings feature plugs its booked time into the machine metrics, so machines do not
 * depend on bookings. Until a provider registers, a machine has no booked time.
 */
@Injectable()
export class BookedTimeSource {
  private readonly providers: BookedTimeProvider[] = [];

  /** Registers a provider (typically in a module's onModuleInit); returns its unregistration. */
  register(provider: BookedTimeProvider): () => void {
    this.providers.push(provider);
    return () => {
      const index = this.providers.indexOf(provider);
      if (index >= 0) this.providers.splice(index, 1);
    };
  }

  /** The union of every provider's intervals, sorted and merged. */
  async bookedIntervals(machineId: string, from: Date, to: Date): Promise<TimeInterval[]> {
    const lists = await Promise.all(this.providers.map((provider) => provider(machineId, from, to)));
    return normalize(lists.flat());
  }
}
