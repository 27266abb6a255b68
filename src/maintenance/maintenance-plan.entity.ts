import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A preventive maintenance plan of a machine: due every `everyDays` days and/or every
 * `everyUsageHours` hours of use since its last completion, whichever comes first.
 */
@Entity('maintenance_plans')
@Index('IDX_maintenance_plans_machine', ['machineId'])
export class MaintenancePlan {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  @Column('varchar', { length: 160 })
  title: string;

  @Column('integer', { nullable: true })
  everyDays: number | null;

  @Column('double precision', { nullable: true })
  everyUsageHours: number | null;

  /** What to check, in order. */
  @Column('simple-json')
  checklist: string[];

  /** Plan creation, then each completion of one of its preventive work orders. */
  @Column({ type: 'timestamptz' })
  lastCompletedAt: Date;

  /** The machine's meter at that moment. */
  @Column('double precision')
  lastCompletedUsageHours: number;

  @Column('varchar', { length: 36, nullable: true })
  lastWorkOrderId: string | null;

  @Column('varchar', { length: 36, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
