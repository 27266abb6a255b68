import { Injectable } from '@nestjs/common';
import { AvailabilityService } from '../bookings/availability.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Clock } from '../common/time/clock.service.js';
import { parseInstant } from '../common/time/instants.js';
import { AppConfig } from '../config/app-config.js';
import { computeMachineMetrics, repairsEndedIn, type StatusPoint } from '../machines/machine-metrics.js';
import { MachineMeterService } from '../machines/machine-meter.service.js';
import type { MachineMetricsView } from '../machines/machine-metrics-view.js';
import { MachinesService } from '../machines/machines.service.js';
import { OpeningHoursService } from '../settings/opening-hours.service.js';

export const DEFAULT_METRICS_DAYS = 30;
export const MAX_METRICS_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * Reliability and utilisation of a machine over a period; the formulas are in
 * machines/machine-metrics.ts. Utilisation needs the booked time, hence this service above
 * machines and bookings.
 */
@Injectable()
export class MachineMetricsService {
  constructor(
    private readonly machines: MachinesService,
    private readonly meter: MachineMeterService,
    private readonly openingHours: OpeningHoursService,
    private readonly availability: AvailabilityService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads the `?from=&to=` of a request: ISO 8601, local time in APP_TIMEZONE without an
   * offset; `to` defaults to now, `from` to 30 days before `to`; at most 366 days.
   */
  parsePeriod(fromText: string | undefined, toText: string | undefined, now = this.clock.now()): { from: Date; to: Date } {
    const to = toText ? parseInstant(toText, this.config.timezone) : now;
    const from = fromText ? parseInstant(fromText, this.config.timezone) : to && new Date(to.getTime() - DEFAULT_METRICS_DAYS * DAY_MS);
    if (!to) throw DomainError.validation([{ field: 'to', message: 'to must be an ISO 8601 date or date-time' }]);
    if (!from) throw DomainError.validation([{ field: 'from', message: 'from must be an ISO 8601 date or date-time' }]);
    if (to.getTime() <= from.getTime()) {
      throw DomainError.validation([{ field: 'to', message: 'to must be after from' }]);
    }
    if (to.getTime() - from.getTime() > MAX_METRICS_DAYS * DAY_MS) {
      throw DomainError.validation([{ field: 'to', message: `the period must not exceed ${MAX_METRICS_DAYS} days` }]);
    }
    return { from, to };
  }

  async forMachine(machineId: string, from: Date, requestedTo: Date, now = this.clock.now()): Promise<MachineMetricsView> {
    await this.machines.get(machineId);
    // The future cannot be measured: the period stops now.
    const to = new Date(Math.max(from.getTime(), Math.min(requestedTo.getTime(), now.getTime())));
    const statusHistory: StatusPoint[] = (await this.machines.statusTimeline(machineId)).map((c) => ({
      status: c.toStatus,
      at: c.changedAt,
    }));
    // MTTR counts whole repairs, so the opening hours must reach back to the oldest one ending in the period.
    const openFrom = Math.min(from.getTime(), ...repairsEndedIn(statusHistory, from, to).map((r) => r.start.getTime()));
    const [opening, booked, usageHours] = await Promise.all([
      this.openingHours.openIntervals(new Date(openFrom), to),
      this.availability.bookedIntervals(machineId, from, to),
      this.meter.usageBetween(machineId, from, to),
    ]);
    return {
      machineId,
      from: from.toISOString(),
      to: to.toISOString(),
      ...computeMachineMetrics({ from, to, statusHistory, opening, booked, usageHours }),
    };
  }
}
