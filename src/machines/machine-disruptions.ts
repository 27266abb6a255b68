import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

export type MachineDisruptionListener = (event: MachineDisruption, manager: EntityManager) => Promise<void>;

/**
 * Where features that hold machine time (bookings) learn that a machine is disrupted, without
 * machines or maintenance depending on them. Listeners run inside the transaction that causes
 * the disruption, with its manager: what they record (bookings flagged, notifications to send)
 * commits or rolls back with it. A listener that throws fails the whole use case.
 */
@Injectable()
export class MachineDisruptions {
  private readonly listeners: MachineDisruptionListener[] = [];

  /** Registers a listener (typically in a module's onModuleInit); returns its unregistration. */
  register(listener: MachineDisruptionListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Called by machines and maintenance inside the causing transaction. */
  async emit(event: MachineDisruption, manager: EntityManager): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener(event, manager);
    }
  }
}
