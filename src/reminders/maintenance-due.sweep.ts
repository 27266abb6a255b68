import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import { MaintenanceDueService } from '../maintenance/maintenance-due.service.js';
import { MaintenancePlansService } from '../maintenance/maintenance-plans.service.js';
import type { DueItemView } from '../maintenance/maintenance-views.js';
import { assessPlan } from '../maintenance/plan-due.js';
import { WorkOrdersService } from '../maintenance/work-orders.service.js';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import type { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { UsersService } from '../users/users.service.js';

export interface MaintenanceDueOutcome {
  plansDue: number;
  workOrdersCreated: number;
  notificationsRecorded: number;
}

const ALL = 10_000;

/**
 * The daily maintenance sweep: for each preventive plan due (not merely due soon), once per
 * cycle of the plan (until a completion resets it), opens the preventive work order — unless
 * one is already unfinished — and notifies the facilitators (maintenance_due). The outbox entry,
 * keyed by plan and last completion, is the "once": a second run, or two at the same time,
 * finds it and does nothing.
 */
@Injectable()
export class MaintenanceDueSweep {
  private readonly logger = new Logger(MaintenanceDueSweep.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly due: MaintenanceDueService,
    private readonly plans: MaintenancePlansService,
    private readonly workOrders: WorkOrdersService,
    private readonly machines: MachinesService,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly templates: NotificationTemplates,
  ) {}


  async run(now: Date): Promise<MaintenanceDueOutcome> {
    const outcome: MaintenanceDueOutcome = { plansDue: 0, workOrdersCreated: 0, notificationsRecorded: 0 };
    const { items } = await this.due.listDue({ limit: ALL, offset: 0 }, now);
    for (const item of items.filter((i) => i.status === 'due')) {
      outcome.plansDue++;
      await this.tx.run(async () => {
        const { entry, created } = await this.outbox.record({
          kind: 'maintenance_due',
          subjectType: 'maintenance_plan',
          subjectId: item.planId,
          dedupeKey: `maintenance_due:${item.planId}:${new Date(item.lastCompletedAt).getTime()}`,
          data: { planId: item.planId, machineId: item.machine.id, lastCompletedAt: item.lastCompletedAt },
        });
        if (!created) return;
        outcome.notificationsRecorded++;
        let workOrderId = item.openWorkOrderId;
        if (!workOrderId) workOrderId = await this.openOrderFor(item, now, outcome);
        await this.outbox.attachData(entry, { workOrderId });
      });
    }
    if (outcome.plansDue > 0) this.logger.log(outcome, 'maintenance-due sweep');
    return outcome;
  }

  /** The plan's work order: a new one, or the one someone opened since the list was read. */
  private async openOrderFor(item: DueItemView, now: Date, outcome: MaintenanceDueOutcome): Promise<string> {
    try {
      const order = await this.workOrders.open(
            {
              machineId: item.machine.id,
              kind: 'preventive',
              title: `Maintenance préventive : ${item.planTitle}`.slice(0, 160),
              description: null,
              planId: item.planId,
              incidentId: null,
              dueAt: item.dueAt ? new Date(item.dueAt) : now,
              windowStart: null,
              windowEnd: null,
              checklist: item.checklist,
            },
            null,
      );
      outcome.workOrdersCreated++;
      return order.id;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') return (error.details as { openWorkOrderId: string }).openWorkOrderId;
      throw error;
    }
  }

  async resolve(entry: OutboxEntry, now: Date): Promise<Resolution> {
    const plan = await this.plans.get(entry.subjectId);
    if (!plan) return { moot: 'plan removed' };
    if (plan.lastCompletedAt.toISOString() !== entry.data.lastCompletedAt) return { moot: 'maintenance done meanwhile' };
    const machine = (await this.machines.findMany([plan.machineId]))[0];
    if (!machine || machine.status === 'retired') return { moot: 'machine retired' };
    const assessment = assessPlan(plan, machine.usageHours, now);
    const reasons: string[] = [];
    if (plan.everyDays && assessment.daysElapsed >= plan.everyDays) {
      reasons.push(this.templates.labelWith('maintenance_reason.days', { elapsed: assessment.daysElapsed, every: plan.everyDays }));
    }
    if (plan.everyUsageHours && assessment.usageHoursLeft !== null && assessment.usageHoursLeft <= 0) {
      reasons.push(
        this.templates.labelWith('maintenance_reason.usage', {
          used: Math.round(assessment.usageHoursSinceCompletion * 10) / 10,
          every: plan.everyUsageHours,
        }),
      );
    }
    return {
      recipients: await this.users.activeIdsByRole(['facilitator']),
      vars: {
        machine: machine.name,
        code: machine.code,
        plan: plan.title,
        reason: reasons.join(this.templates.label('maintenance_reason.separator', '; ')),
      },
      data: { planId: plan.id, machineId: machine.id, workOrderId: entry.data.workOrderId ?? null },
    };
  }
}
