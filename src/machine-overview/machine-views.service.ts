import { Injectable } from '@nestjs/common';
import type { Page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import type { ListMachinesQuery } from '../machines/dto/list-machines.query.js';
import { type MachineView, toMachineView } from '../machines/machine-view.js';
import type { Machine } from '../machines/machine.entity.js';
import { MachinesService } from '../machines/machines.service.js';
import { MaintenanceDueService } from '../maintenance/maintenance-due.service.js';

/** The representation of machines: the catalogue's facts with each one's next preventive maintenance. */
@Injectable()
export class MachineViewsService {
  constructor(
    private readonly machines: MachinesService,
    private readonly due: MaintenanceDueService,
    private readonly clock: Clock,
  ) {}

  async list(query: ListMachinesQuery): Promise<Page<MachineView>> {
    const result = await this.machines.list(query);
    return { ...result, items: await this.views(result.items) };
  }

  async view(id: string): Promise<MachineView> {
    return (await this.views([await this.machines.get(id)]))[0];
  }

  async views(machines: Machine[], now = this.clock.now()): Promise<MachineView[]> {
    const next =
      machines.length === 0 ? new Map() : await this.due.nextFor(machines.map((m) => ({ id: m.id, usageHours: m.usageHours })), now);
    return machines.map((m) => toMachineView(m, next.get(m.id) ?? null));
  }
}
