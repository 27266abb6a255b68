import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UsageSource } from './usage-source.js';

/** One movement of a machine's usage meter: append-only. */
@Entity('machine_usage_readings')
@Index('IDX_machine_usage_readings_machine', ['machineId', 'recordedAt'])
export class MachineUsageReading {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  machineId: string;

  /** The meter after this reading, in hours. */
  @Column('double precision')
  value: number;

  /** value − the meter before; never negative. */
  @Column('double precision')
  delta: number;

  @Column('varchar', { length: 16 })
  source: UsageSource;

  /** The work order or booking that fed the meter, when there is one. */
  @Column('varchar', { length: 36, nullable: true })
  sourceId: string | null;

  @Column('varchar', { length: 36, nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  /** Why a correction was made (corrections only). */
  @Column('varchar', { length: 500, nullable: true })
  reason: string | null;
}
