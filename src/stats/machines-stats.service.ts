import { Injectable } from '@nestjs/common';
import { MachineMetricsService } from '../machine-overview/machine-metrics.service.js';
import { MachinesService } from '../machines/machines.service.js';

/** The machine metrics of DESIGN.md for every machine over one period. */
@Injectable()
export class MachinesStatsService {
  constructor(
    private readonly machines: MachinesService,
    private readonly metrics: MachineMetricsService,
  ) {}

  async all(fromText?: string, toText?: string) {
    const { from, to } = this.metrics.parsePeriod(fromText, toText);
    const machines = await this.machines.listAll();
    const items = [];
    for (const machine of machines) {
      const metrics = await this.metrics.forMachine(machine.id, from, to);
      items.push({ code: machine.code, name: machine.name, category: machine.category, status: machine.status, ...metrics });
    }
    return { from: from.toISOString(), to: to.toISOString(), items };
  }
}
