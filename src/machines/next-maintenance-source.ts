import { Injectable } from '@nestjs/common';
import type { MachineMeter, NextMaintenance, NextMaintenanceProvider } from './next-maintenance.js';

/**
 * The maintenance feature registers here how to summarise a machine's next preventive
 * maintenance (maintenance depends on machines, not the other way round). Without a provider,
 * machines show none.
 */
@Injectable()
export class NextMaintenanceSource {
  private provider: NextMaintenanceProvider | null = null;

  register(provider: NextMaintenanceProvider): void {
    this.provider = provider;
  }

  async forMachines(machines: MachineMeter[], now: Date): Promise<Map<string, NextMaintenance>> {
    if (!this.provider || machines.length === 0) return new Map();
    return this.provider(machines, now);
  }
}
