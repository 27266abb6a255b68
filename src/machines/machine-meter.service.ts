import { Injectable } from '@nestjs/common';
import { Between, type Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MAX_METER_HOURS } from './dto/record-usage.dto.js';
import { MachineUsageReading } from './machine-usage-reading.entity.js';
import { toUsageReadingView, type UsageReadingView } from './machine-view.js';
import { Machine } from './machine.entity.js';
import { type ChangeOrigin, MachinesService } from './machines.service.js';
import type { UsageSource } from './usage-source.js';

/** Meter values are kept to 4 decimals so repeated increments do not drift. */
const roundMeter = (hours: number) => Math.round(hours * 10_000) / 10_000;

/**
 * A machine's usage meter, in hours: it never goes down, and every movement is kept (value,
 * delta, source manual | work_order | booking, who, when). Bookings feed it on check-out with
 * `addUsage`; inside the caller's transaction, the calls join it.
 */
@Injectable()
export class MachineMeterService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly machines: MachinesService,
    private readonly clock: Clock,
  ) {}

  private get readingsRepo(): Repository<MachineUsageReading> {
    return this.tx.manager.getRepository(MachineUsageReading);
  }

  /**
   * Records an absolute meter reading. Lower than the current value → 409 METER_DECREASE
   * (nothing recorded). Joins the caller's transaction.
   */
  async recordReading(id: string, value: number, source: UsageSource, origin: ChangeOrigin = {}): Promise<Machine> {
    return this.tx.run(async () => {
      const machine = await this.machines.lockForChange(id);
      const next = roundMeter(value);
      if (next < machine.usageHours) {
        throw new DomainError(
          'METER_DECREASE',
          `The meter reads ${machine.usageHours} h: a reading of ${next} h would make it go down`,
          { usageHours: machine.usageHours },
        );
      }
      return this.moveMeter(machine, next, source, origin);
    });
  }

  /**
   * Sets the meter to `value`, up or down, as an audited correction: the reading keeps the
   * reason and who made it (POST /machines/:id/usage with a reason; facilitators, admins).
   */
  async correct(id: string, value: number, reason: string, origin: ChangeOrigin = {}): Promise<Machine> {
    return this.tx.run(async () => {
      const machine = await this.machines.lockForChange(id);
      return this.moveMeter(machine, roundMeter(value), 'correction', origin, reason.trim());
    });
  }

  /**
   * Adds used hours to a machine's meter: what bookings call on check-out (source `booking`,
   * sourceId = the booking). Joins the caller's transaction. 0 hours records nothing.
   */
  async addUsage(id: string, hours: number, source: UsageSource, origin: ChangeOrigin = {}): Promise<Machine> {
    if (!Number.isFinite(hours) || hours < 0 || hours > MAX_METER_HOURS) {
      throw DomainError.validation([{ field: 'usageHours', message: 'used hours must be a positive number' }]);
    }
    return this.tx.run(async () => {
      const machine = await this.machines.lockForChange(id);
      if (hours === 0) return machine;
      return this.moveMeter(machine, roundMeter(machine.usageHours + hours), source, origin);
    });
  }

  async readings(id: string, query: PaginationQuery): Promise<Page<UsageReadingView>> {
    await this.machines.get(id);
    const [items, total] = await this.readingsRepo.findAndCount({
      where: { machineId: id },
      order: { recordedAt: 'DESC', value: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(toUsageReadingView), total, query);
  }

  /** The meter's increase over [from, to). */
  async usageBetween(id: string, from: Date, to: Date): Promise<number> {
    const rows = await this.readingsRepo.find({
      select: { delta: true, recordedAt: true },
      where: { machineId: id, recordedAt: Between(from, to) },
    });
    return rows.filter((r) => r.recordedAt.getTime() < to.getTime()).reduce((sum, r) => sum + r.delta, 0);
  }

  private async moveMeter(
    machine: Machine,
    value: number,
    source: UsageSource,
    origin: ChangeOrigin,
    reason: string | null = null,
  ): Promise<Machine> {
    const delta = roundMeter(value - machine.usageHours);
    machine.usageHours = value;
    const saved = await this.tx.manager.getRepository(Machine).save(machine);
    const readings = this.readingsRepo;
    await readings.insert(
      readings.create({
        machineId: machine.id,
        value,
        delta,
        source,
        sourceId: origin.sourceId ?? null,
        recordedBy: origin.actorId ?? null,
        recordedAt: origin.at ?? this.clock.now(),
        reason,
      }),
    );
    return saved;
  }
}
