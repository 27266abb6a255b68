import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ChecklistResult } from './checklist-result.js';
import type { WorkOrderKind } from './work-order-kind.js';
import type { WorkOrderStatus } from './work-order-transitions.js';

@Entity('work_orders')
@Index('IDX_work_orders_machine_status', ['machineId', 'status'])
export class WorkOrder {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  @Column('varchar', { length: 16 })
  kind: WorkOrderKind;

  /** Changed only through the transitions of work-order-transitions.ts. */
  @Column('varchar', { length: 16 })
  status: WorkOrderStatus;

  @Column('varchar', { length: 160 })
  title: string;

  @Column('varchar', { length: 2000, nullable: true })
  description: string | null;

  /** The preventive plan this order carries out; its completion resets the plan. */
  @Column('varchar', { length: 36, nullable: true })
  planId: string | null;

  /** The blocking incident that opened this corrective order. */
  @Column('varchar', { length: 36, nullable: true })
  incidentId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** Maintenance window: bookings of the machine are refused in [windowStart, windowEnd) while the order is unfinished. */
  @Column({ type: 'timestamptz', nullable: true })
  windowStart: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  windowEnd: Date | null;

  /** The plan's checklist on creation, the results on completion. */
  @Column('simple-json')
  checklist: ChecklistResult[];

  /** Completion notes. */
  @Column('varchar', { length: 4000, nullable: true })
  notes: string | null;

  @Column('double precision', { nullable: true })
  usageHoursAtCompletion: number | null;

  @Column('varchar', { length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column('varchar', { length: 36, nullable: true })
  completedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
