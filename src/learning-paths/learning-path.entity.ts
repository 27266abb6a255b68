import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Audience } from '../participants/audience.js';

/** One of the predefined paths, seeded from config/learning-paths/<code>.json. */
@Entity('learning_paths')
export class LearningPath {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  /** Fixed: EXPERIMENTER, APPRENDRE, FABRIQUER, PARTAGER. */
  @Column('varchar', { length: 32 })
  code: string;

  @Column('integer')
  position: number;

  @Column('varchar', { length: 120 })
  title: string;

  @Column('text')
  description: string;

  @Column('simple-json')
  audiences: Audience[];

  /** Enrolling needs a completed enrolment in another path (PARTAGER). */
  @Column('boolean', { default: false })
  requiresCompletedPath: boolean;

  /** Set when its file disappears: no new enrolments, existing ones are kept. */
  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
