import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MACHINE_STATUSES, type MachineStatus } from '../machines/machine-status.js';
import { ChecklistResult } from './checklist-result.js';
import { INCIDENT_SEVERITIES, type IncidentSeverity } from './incident-severity.js';
import type { Incident } from './incident.entity.js';
import type { MaintenancePlan } from './maintenance-plan.entity.js';
import type { DueStatus, PlanAssessment } from './plan-due.js';
import type { WorkOrderEvent } from './work-order-event.entity.js';
import { WORK_ORDER_KINDS, type WorkOrderKind } from './work-order-kind.js';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order-transitions.js';
import type { WorkOrder } from './work-order.entity.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export class PlanDueView {
  @ApiProperty({ enum: ['due', 'due_soon', 'ok'] })
  status: DueStatus;

  @ApiProperty({ description: 'the triggers reached or near, "; "-separated' })
  reason: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiProperty({ type: Number, nullable: true })
  usageHoursLeft: number | null;
}

export class PlanView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: 'integer', nullable: true })
  everyDays: number | null;

  @ApiProperty({ type: Number, nullable: true })
  everyUsageHours: number | null;

  @ApiProperty({ type: [String] })
  checklist: string[];

  @ApiProperty({ format: 'date-time' })
  lastCompletedAt: string;

  @ApiProperty()
  lastCompletedUsageHours: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  lastWorkOrderId: string | null;

  @ApiProperty({ type: PlanDueView, description: 'where the plan stands now' })
  due: PlanDueView;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
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

export class WorkOrderEventView {
  @ApiProperty({ type: String, enum: [...WORK_ORDER_STATUSES, null], nullable: true })
  fromStatus: WorkOrderStatus | null;

  @ApiProperty({ enum: WORK_ORDER_STATUSES, enumName: 'WorkOrderStatus' })
  toStatus: WorkOrderStatus;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class WorkOrderView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ enum: WORK_ORDER_KINDS, enumName: 'WorkOrderKind' })
  kind: WorkOrderKind;

  @ApiProperty({ enum: WORK_ORDER_STATUSES, enumName: 'WorkOrderStatus' })
  status: WorkOrderStatus;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  planId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  incidentId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  windowStart: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  windowEnd: string | null;

  @ApiProperty({ type: [ChecklistResult] })
  checklist: ChecklistResult[];

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty({ type: Number, nullable: true })
  usageHoursAtCompletion: number | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  completedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({ type: [WorkOrderEventView], description: 'its life, oldest first (detail and transitions only).' })
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

export class IncidentView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ enum: INCIDENT_SEVERITIES, enumName: 'IncidentSeverity' })
  severity: IncidentSeverity;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: String, nullable: true })
  reportedBy: string | null;

  @ApiProperty({ format: 'date-time' })
  reportedAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  workOrderId: string | null;
}

/** What reporting an incident answers: the incident and where the machine now stands. */
export class IncidentReportView extends IncidentView {
  /** The machine's status once the report is recorded (no description here: it would become the shared MachineStatus schema's). */
  @ApiProperty({ enum: MACHINE_STATUSES, enumName: 'MachineStatus' })
  machineStatus: MachineStatus;
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

export class DueMachineView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: MACHINE_STATUSES, enumName: 'MachineStatus' })
  status: MachineStatus;

  @ApiProperty()
  usageHours: number;
}

/** One line of GET /maintenance/due. */
export class DueItemView {
  @ApiProperty({ format: 'uuid' })
  planId: string;

  @ApiProperty()
  planTitle: string;

  @ApiProperty({ type: DueMachineView })
  machine: DueMachineView;

  @ApiProperty({ enum: ['due', 'due_soon'] })
  status: 'due' | 'due_soon';

  @ApiProperty({ description: '"12.0 h used of 10 h; 31 days of 30": the triggers that make it due or due soon' })
  reason: string;

  @ApiProperty({ type: [String] })
  reasons: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiProperty({ type: 'integer' })
  daysElapsed: number;

  @ApiProperty({ type: 'integer', nullable: true })
  everyDays: number | null;

  @ApiProperty()
  usageHoursSinceCompletion: number;

  @ApiProperty({ type: Number, nullable: true })
  everyUsageHours: number | null;

  @ApiProperty({ type: Number, nullable: true })
  usageHoursLeft: number | null;

  @ApiProperty({ format: 'date-time' })
  lastCompletedAt: string;

  @ApiProperty({ type: [String] })
  checklist: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'an unfinished preventive work order of this plan, if one is already open.' })
  openWorkOrderId: string | null;
}
