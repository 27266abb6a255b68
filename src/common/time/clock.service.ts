import { Injectable } from '@nestjs/common';

/**
 * "Now", for rules that depend on it (bookings: not in the past, at most 90 days ahead,
 * check-in window). Real time by default. Tests stop it at a chosen instant with `freezeAt` so
 * boundaries are deterministic; production code never calls `freezeAt`.
 */
@Injectable()
export class Clock {
  private frozenAt: number | null = null;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now());
  }

  /** Tests only: from now on `now()` returns `at`; null brings real time back. */
  freezeAt(at: Date | null): void {
    this.frozenAt = at ? at.getTime() : null;
  }
}
