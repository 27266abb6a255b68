import type { ChecklistResult } from './checklist-result.js';
import type { IncidentSeverity } from './incident-severity.js';
import type { Incident } from './incident.entity.js';
import type { MaintenancePlan } from './maintenance-plan.entity.js';
import type { DueStatus, PlanAssessment } from './plan-due.js';
import type { WorkOrderEvent } from './work-order-event.entity.js';
import type { WorkOrderKind } from './work-order-kind.js';
import type { WorkOrderStatus } from './work-order-transitions.js';
import type { WorkOrder } from './work-order.entity.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export interface PlanView {
  id: string;
  machineId: string;
  title: string;
  everyDays: number | null;
  everyUsageHours: number | null;
  checklist: string[];
  lastCompletedAt: string;
  lastCompletedUsageHours: number;
  lastWorkOrderId: string | null;
  /** Where the plan stands now. */
  due: { status: DueStatus; reason: string; dueAt: string | null; usageHoursLeft: number | null };
  createdAt: string;
  updatedAt: string;
}

export const toPlanView = (plan: MaintenancePlan, assessment: PlanAssessment): PlanView => ({
  id: plan.id,
  machineId: plan.machineId,
  title: plan.title,
  everyDays: plan.everyDays,
  everyUsageHours: plan.everyUsageHours,
  checklist: plan.checklist,
  lastCompletedAt: plan.lastCompletedAt.toISOString(),
  lastCompletedUsageHours: plan.lastCompletedUsageHours,
  lastWorkOrderId: plan.lastWorkOrderId,
  due: {
    status: assessment.status,
    reason: assessment.reasons.join('; '),
    dueAt: iso(assessment.dueAt),
    usageHoursLeft: assessment.usageHoursLeft,
  },
  createdAt: plan.createdAt.toISOString(),
  updatedAt: plan.updatedAt.toISOString(),
});

export interface WorkOrderEventView {
  fromStatus: WorkOrderStatus | null;
  toStatus: WorkOrderStatus;
  note: string | null;
  actorId: string | null;
  at: string;
}

export interface WorkOrderView {
  id: string;
  machineId: string;
  kind: WorkOrderKind;
  status: WorkOrderStatus;
  title: string;
  description: string | null;
  planId: string | null;
  incidentId: string | null;
  dueAt: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  checklist: ChecklistResult[];
  notes: string | null;
  usageHoursAtCompletion: number | null;
  createdBy: string | null;
  startedAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Its life, oldest first (detail and transitions only). */
  events?: WorkOrderEventView[];
}

export const toWorkOrderView = (order: WorkOrder, events?: WorkOrderEvent[]): WorkOrderView => ({
  id: order.id,
  machineId: order.machineId,
  kind: order.kind,
  status: order.status,
  title: order.title,
  description: order.description,
  planId: order.planId,
  incidentId: order.incidentId,
  dueAt: iso(order.dueAt),
  windowStart: iso(order.windowStart),
  windowEnd: iso(order.windowEnd),
  checklist: order.checklist,
  notes: order.notes,
  usageHoursAtCompletion: order.usageHoursAtCompletion,
  createdBy: order.createdBy,
  startedAt: iso(order.startedAt),
  completedAt: iso(order.completedAt),
  completedBy: order.completedBy,
  cancelledAt: iso(order.cancelledAt),
  createdAt: order.createdAt.toISOString(),
  updatedAt: order.updatedAt.toISOString(),
  ...(events
    ? {
        events: events.map((e) => ({ fromStatus: e.fromStatus, toStatus: e.toStatus, note: e.note, actorId: e.actorId, at: e.at.toISOString() })),
      }
    : {}),
});

export interface IncidentView {
  id: string;
  machineId: string;
  severity: IncidentSeverity;
  description: string;
  reportedBy: string | null;
  reportedAt: string;
  workOrderId: string | null;
}

export const toIncidentView = (incident: Incident): IncidentView => ({
  id: incident.id,
  machineId: incident.machineId,
  severity: incident.severity,
  description: incident.description,
  reportedBy: incident.reportedBy,
  reportedAt: incident.reportedAt.toISOString(),
  workOrderId: incident.workOrderId,
});

/** One line of GET /maintenance/due. */
export interface DueItemView {
  planId: string;
  planTitle: string;
  machine: { id: string; code: string; name: string; status: string; usageHours: number };
  status: 'due' | 'due_soon';
  /** "12.0 h used of 10 h; 31 days of 30": the triggers that make it due or due soon. */
  reason: string;
  reasons: string[];
  dueAt: string | null;
  daysElapsed: number;
  everyDays: number | null;
  usageHoursSinceCompletion: number;
  everyUsageHours: number | null;
  usageHoursLeft: number | null;
  lastCompletedAt: string;
  checklist: string[];
  /** An unfinished preventive work order of this plan, if one is already open. */
  openWorkOrderId: string | null;
}
