import type { MachineStatus } from '../machines/machine-status.js';

export interface SlotView {
  startsAt: string;
  endsAt: string;
}

/** GET /machines/:id/availability. */
export interface AvailabilityView {
  machineId: string;
  /** The machine's status now; only an `available` machine takes bookings. */
  status: MachineStatus;
  available: boolean;
  timezone: string;
  from: string;
  to: string;
  /**
   * Free intervals from max(from, now) to `to`: opening hours minus confirmed bookings,
   * closures and maintenance windows. Empty when the machine is not available.
   */
  free: SlotView[];
  /** Maintenance windows of the machine in the range (they block bookings). */
  maintenance: SlotView[];
}
