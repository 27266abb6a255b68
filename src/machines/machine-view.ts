import { ApiProperty } from '@nestjs/swagger';
import { MACHINE_CATEGORIES, type MachineCategory } from '../common/machine-category.js';
import { MACHINE_STATUSES, type MachineStatus, STATUS_CHANGE_SOURCES, type StatusChangeSource } from './machine-status.js';
import type { MachineStatusChange } from './machine-status-change.entity.js';
import type { MachineUsageReading } from './machine-usage-reading.entity.js';
import type { Machine } from './machine.entity.js';
import { NextMaintenance } from './next-maintenance.js';
import { USAGE_SOURCES, type UsageSource } from './usage-source.js';

export class MachineView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'LASER-01' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: MACHINE_CATEGORIES, enumName: 'MachineCategory' })
  category: MachineCategory;

  @ApiProperty({ enum: MACHINE_STATUSES, enumName: 'MachineStatus' })
  status: MachineStatus;

  @ApiProperty({ type: String, nullable: true, example: 'Atelier bois' })
  location: string | null;

  @ApiProperty()
  requiresQualification: boolean;

  @ApiProperty({ description: 'the meter, in hours' })
  usageHours: number;

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty({ type: NextMaintenance, nullable: true, description: 'the soonest preventive plan; null when the machine has none' })
  nextMaintenance: NextMaintenance | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
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

export class StatusChangeView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ type: String, enum: [...MACHINE_STATUSES, null], nullable: true, description: 'null for the creation' })
  fromStatus: MachineStatus | null;

  @ApiProperty({ enum: MACHINE_STATUSES, enumName: 'MachineStatus' })
  toStatus: MachineStatus;

  @ApiProperty()
  reason: string;

  @ApiProperty({ enum: STATUS_CHANGE_SOURCES })
  source: StatusChangeSource;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the incident or work order behind the change' })
  sourceId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  changedBy: string | null;

  @ApiProperty({ format: 'date-time' })
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

export class UsageReadingView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ description: 'the meter after this reading, in hours' })
  value: number;

  @ApiProperty({ description: 'hours added by this reading (negative only for a correction)' })
  delta: number;

  @ApiProperty({ enum: USAGE_SOURCES })
  source: UsageSource;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  sourceId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  recordedBy: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ type: String, nullable: true, description: 'why a correction was made (source `correction`; its delta may be negative)' })
  reason: string | null;
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
  reason: reading.reason ?? null,
});
