import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One editable setting of the fablab, stored as JSON under a stable key (`opening-hours`).
 * Keyed by name rather than by a generated id: there is one row per setting at most.
 */
@Entity('settings')
export class Setting {
  @PrimaryColumn('varchar', { length: 64 })
  key: string;

  @Column('simple-json')
  value: unknown;

  @Column('varchar', { length: 36, nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
