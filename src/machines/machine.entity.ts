import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MachineCategory } from '../common/machine-category.js';
import type { MachineStatus } from './machine-status.js';

@Entity('machines')
export class Machine {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  /** Upper-cased, unique: the label stuck on the machine (`LASER-01`). */
  @Column('varchar', { length: 32 })
  code: string;

  @Column('varchar', { length: 120 })
  name: string;

  @Column('varchar', { length: 16 })
  category: MachineCategory;

  /** Changed only through MachinesService.changeStatus, which keeps the history. */
  @Column('varchar', { length: 16 })
  status: MachineStatus;

  @Column('varchar', { length: 120, nullable: true })
  location: string | null;

  @Column('boolean', { default: true })
  requiresQualification: boolean;

  /** Usage meter, in hours; never goes down. */
  @Column('double precision', { default: 0 })
  usageHours: number;

  @Column('varchar', { length: 2000, nullable: true })
  notes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
