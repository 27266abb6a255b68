import { Injectable } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import type { CreatePlanDto } from './dto/create-plan.dto.js';
import { MaintenancePlan } from './maintenance-plan.entity.js';
import { type PlanView, toPlanView } from './maintenance-views.js';
import { assessPlan } from './plan-due.js';

/** Preventive maintenance plans of the machines. */
@Injectable()
export class MaintenancePlansService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly machines: MachinesService,
    private readonly clock: Clock,
  ) {}

  private get plans(): Repository<MaintenancePlan> {
    return this.tx.manager.getRepository(MaintenancePlan);
  }

  /** A new plan counts from now and the machine's current meter. */
  async create(machineId: string, dto: CreatePlanDto, actorId: string): Promise<PlanView> {
    const machine = await this.machines.get(machineId);
    if (!dto.everyDays && !dto.everyUsageHours) {
      throw DomainError.validation([
        { field: 'everyDays', message: 'a plan needs a trigger: everyDays, everyUsageHours or both' },
      ]);
    }
    const now = this.clock.now();
    const plan = await this.tx.run(() =>
      this.plans.save(
        this.plans.create({
        machineId,
        title: dto.title,
        everyDays: dto.everyDays ?? null,
        everyUsageHours: dto.everyUsageHours ?? null,
        checklist: dto.checklist ?? [],
        lastCompletedAt: now,
        lastCompletedUsageHours: machine.usageHours,
        lastWorkOrderId: null,
          createdBy: actorId,
        }),
      ),
    );
    return toPlanView(plan, assessPlan(plan, machine.usageHours, now));
  }

  async list(machineId: string, query: PaginationQuery, now = this.clock.now()): Promise<Page<PlanView>> {
    const machine = await this.machines.get(machineId);
    const [items, total] = await this.plans.findAndCount({
      where: { machineId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(
      items.map((plan) => toPlanView(plan, assessPlan(plan, machine.usageHours, now))),
      total,
      query,
    );
  }

  async get(id: string): Promise<MaintenancePlan | null> {
    return this.plans.findOneBy({ id });
  }

  async forMachines(machineIds: string[]): Promise<MaintenancePlan[]> {
    if (machineIds.length === 0) return [];
    return this.plans.find({ where: { machineId: In(machineIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async all(): Promise<MaintenancePlan[]> {
    return this.plans.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** A preventive order of the plan is done: the plan counts again from then and that meter value. */
  async markCompleted(planId: string, at: Date, usageHours: number, workOrderId: string): Promise<void> {
    await this.plans.update({ id: planId }, { lastCompletedAt: at, lastCompletedUsageHours: usageHours, lastWorkOrderId: workOrderId });
  }
}
