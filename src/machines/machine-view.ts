import type { MachineCategory } from '../common/machine-category.js';
import type { MachineStatus, StatusChangeSource } from './machine-status.js';
import type { MachineStatusChange } from './machine-status-change.entity.js';
import type { MachineUsageReading } from './machine-usage-reading.entity.js';
import type { Machine } from './machine.entity.js';
import type { NextMaintenance } from './next-maintenance.js';
import type { UsageSource } from './usage-source.js';

export interface MachineView {
  id: string;
  code: string;
  name: string;
  category: MachineCategory;
  status: MachineStatus;
  location: string | null;
  requiresQualification: boolean;
  usageHours: number;
  notes: string | null;
  /** The soonest preventive plan; null when the machine has none. */
  nextMaintenance: NextMaintenance | null;
  createdAt: string;
  updatedAt: string;
}

export const toMachineView = (machine: Machine, nextMaintenance: NextMaintenance | null = null): MachineView => ({
  id: machine.id,
  code: machine.code,
  name: machine.name,
  category: machine.category,
  status: machine.status,
  location: machine.location,
  requiresQualification: machine.requiresQualification,
  usageHours: machine.usageHours,
  notes: machine.notes,
  nextMaintenance,
  createdAt: machine.createdAt.toISOString(),
  updatedAt: machine.updatedAt.toISOString(),
});

export interface StatusChangeView {
  id: string;
  machineId: string;
  fromStatus: MachineStatus | null;
  toStatus: MachineStatus;
  reason: string;
  source: StatusChangeSource;
  sourceId: string | null;
  changedBy: string | null;
  changedAt: string;
}

export const toStatusChangeView = (change: MachineStatusChange): StatusChangeView => ({
  id: change.id,
  machineId: change.machineId,
  fromStatus: change.fromStatus,
  toStatus: change.toStatus,
  reason: change.reason,
  source: change.source,
  sourceId: change.sourceId,
  changedBy: change.changedBy,
  changedAt: change.changedAt.toISOString(),
});

export interface UsageReadingView {
  id: string;
  machineId: string;
  value: number;
  delta: number;
  source: UsageSource;
  sourceId: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export const toUsageReadingView = (reading: MachineUsageReading): UsageReadingView => ({
  id: reading.id,
  machineId: reading.machineId,
  value: reading.value,
  delta: reading.delta,
  source: reading.source,
  sourceId: reading.sourceId,
  recordedBy: reading.recordedBy,
  recordedAt: reading.recordedAt.toISOString(),
});
