import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MachineCategory } from '../common/machine-category.js';
import type { StepKind } from './step-kind.js';

/**
 * A step of a path, matched to its file by `code` (unique in the path). A step removed from
 * the file is retired, never deleted: the progress recorded on it stays.
 */
@Entity('learning_path_steps')
export class LearningPathStep {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  pathId: string;

  @Column('varchar', { length: 64 })
  code: string;

  /** 1-based order in the path, from the file. */
  @Column('integer')
  position: number;

  @Column('varchar', { length: 160 })
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 16 })
  kind: StepKind;

  @Column('double precision')
  expectedHours: number;

  /** All required steps validated = the enrolment is completed. */
  @Column('boolean')
  required: boolean;

  /** Validating the step grants a qualification for this machine category. */
  @Column('varchar', { length: 16, nullable: true })
  grantsQualification: MachineCategory | null;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
