import { Injectable } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { type Page, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import type { MachineMeter, NextMaintenance } from '../machines/next-maintenance.js';
import type { DueItemView } from './maintenance-views.js';
import { assessPlan, byUrgency, type PlanAssessment } from './plan-due.js';
import { MaintenancePlansService } from './maintenance-plans.service.js';
import { UNFINISHED_STATUSES } from './work-order-transitions.js';
import { WorkOrder } from './work-order.entity.js';

/**
 * What preventive maintenance is due. `now` is a parameter everywhere so the rules can be
 * asked about any moment (GET /maintenance/due?at=, tests at the boundaries, the daily sweep).
 */
@Injectable()
export class MaintenanceDueService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly machines: MachinesService,
    private readonly plans: MaintenancePlansService,
    private readonly clock: Clock,
  ) {}

  private get workOrders(): Repository<WorkOrder> {
    return this.tx.manager.getRepository(WorkOrder);
  }

  /** Plans due or due soon at `now`, most urgent first; plans of retired machines are left out. */
  async listDue(
    query: { machineId?: string; limit: number; offset: number },
    now = this.clock.now(),
  ): Promise<Page<DueItemView>> {
    const plans = query.machineId ? await this.plans.forMachines([query.machineId]) : await this.plans.all();
    const machines = new Map(
      (await this.machines.findMany(plans.map((p) => p.machineId)))
        .filter((m) => m.status !== 'retired')
        .map((m) => [m.id, m]),
    );
    const openOrders = await this.unfinishedPreventiveOrders(plans.map((p) => p.id));

    const due: (DueItemView & { progress: number })[] = [];
    for (const plan of plans) {
      const machine = machines.get(plan.machineId);
      if (!machine) continue;
      const assessment = assessPlan(plan, machine.usageHours, now);
      if (assessment.status === 'ok') continue;
      due.push({
        planId: plan.id,
        planTitle: plan.title,
        machine: { id: machine.id, code: machine.code, name: machine.name, status: machine.status, usageHours: machine.usageHours },
        status: assessment.status,
        reason: assessment.reasons.join('; '),
        reasons: assessment.reasons,
        dueAt: assessment.dueAt?.toISOString() ?? null,
        daysElapsed: assessment.daysElapsed,
        everyDays: plan.everyDays,
        usageHoursSinceCompletion: assessment.usageHoursSinceCompletion,
        everyUsageHours: plan.everyUsageHours,
        usageHoursLeft: assessment.usageHoursLeft,
        lastCompletedAt: plan.lastCompletedAt.toISOString(),
        checklist: plan.checklist,
        openWorkOrderId: openOrders.get(plan.id) ?? null,
        progress: assessment.progress,
      });
    }
    due.sort((a, b) => byUrgency(a, b) || a.machine.code.localeCompare(b.machine.code));
    const items = due.slice(query.offset, query.offset + query.limit).map(({ progress: _progress, ...item }) => item);
    return page(items, due.length, query);
  }

  /** For each machine, its most urgent plan (what the machine representation shows). */
  async nextFor(machines: MachineMeter[], now: Date): Promise<Map<string, NextMaintenance>> {
    const meters = new Map(machines.map((m) => [m.id, m.usageHours]));
    const best = new Map<string, { assessment: PlanAssessment; next: NextMaintenance }>();
    for (const plan of await this.plans.forMachines([...meters.keys()])) {
      const assessment = assessPlan(plan, meters.get(plan.machineId) ?? 0, now);
      const current = best.get(plan.machineId);
      if (current && byUrgency(current.assessment, assessment) <= 0) continue;
      best.set(plan.machineId, {
        assessment,
        next: {
          planId: plan.id,
          title: plan.title,
          status: assessment.status,
          dueAt: assessment.dueAt?.toISOString() ?? null,
          usageHoursLeft: assessment.usageHoursLeft,
          reason: assessment.reasons.join('; '),
        },
      });
    }
    return new Map([...best].map(([id, { next }]) => [id, next]));
  }

  private async unfinishedPreventiveOrders(planIds: string[]): Promise<Map<string, string>> {
    if (planIds.length === 0) return new Map();
    const orders = await this.workOrders.find({
      select: { id: true, planId: true },
      where: { planId: In(planIds), status: In([...UNFINISHED_STATUSES]) },
      order: { createdAt: 'ASC' },
    });
    const byPlan = new Map<string, string>();
    for (const order of orders) if (order.planId && !byPlan.has(order.planId)) byPlan.set(order.planId, order.id);
    return byPlan;
  }
}
