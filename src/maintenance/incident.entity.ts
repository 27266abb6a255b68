import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IncidentSeverity } from './incident-severity.js';

/** A problem reported on a machine, by anyone, learners included. */
@Entity('incidents')
@Index('IDX_incidents_machine', ['machineId', 'reportedAt'])
export class Incident {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  @Column('varchar', { length: 16 })
  severity: IncidentSeverity;

  @Column('varchar', { length: 2000 })
  description: string;

  @Column('varchar', { length: 36, nullable: true })
  reportedBy: string | null;

  @Column({ type: 'timestamptz' })
  reportedAt: Date;

  /** The corrective work order a blocking incident opened. */
  @Column('varchar', { length: 36, nullable: true })
  workOrderId: string | null;
}
