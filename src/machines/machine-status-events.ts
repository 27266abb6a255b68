import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MachineStatus, StatusChangeSource } from './machine-status.js';

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

export type MachineStatusListener = (event: MachineStatusChanged, manager: EntityManager) => Promise<void>;

/**
 * Where features learn that a machine's status changed (notifications: machine down, machine
 * back) without machines depending on them. Listeners run inside the transaction of the change,
 * with its manager: what they record commits or rolls back with it.
 */
@Injectable()
export class MachineStatusEvents {
  private readonly listeners: MachineStatusListener[] = [];

  /** Registers a listener (typically in a module's onModuleInit); returns its unregistration. */
  register(listener: MachineStatusListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Called by MachinesService inside the transaction of the change. */
  async emit(event: MachineStatusChanged, manager: EntityManager): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener(event, manager);
    }
  }
}
