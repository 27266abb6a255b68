import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The number of young people to reach in a calendar year (default 500 when no row). */
@Entity('yearly_targets')
export class YearlyTarget {
  @PrimaryColumn('integer')
  year: number;

  @Column('integer')
  target: number;

  @Column('varchar', { length: 36, nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
