import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MachineStatus, StatusChangeSource } from './machine-status.js';

/**
 * One status change of a machine: append-only. The first row of a machine (source `created`)
 * marks when it entered service; metrics read downtime and failures from these rows.
 */
@Entity('machine_status_changes')
@Index('IDX_machine_status_changes_machine', ['machineId', 'changedAt'])
export class MachineStatusChange {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  @Column('varchar', { length: 16, nullable: true })
  fromStatus: MachineStatus | null;

  @Column('varchar', { length: 16 })
  toStatus: MachineStatus;

  @Column('varchar', { length: 500 })
  reason: string;

  @Column('varchar', { length: 16 })
  source: StatusChangeSource;

  /** The incident or work order behind the change, when there is one. */
  @Column('varchar', { length: 36, nullable: true })
  sourceId: string | null;

  /** The user who made the change; null for the system. */
  @Column('varchar', { length: 36, nullable: true })
  changedBy: string | null;

  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
