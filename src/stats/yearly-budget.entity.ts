import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The fablab's budget for a calendar year, for the report's cost per young person. */
@Entity('yearly_budgets')
export class YearlyBudget {
  @PrimaryColumn('integer')
  year: number;

  /** In cents: exact on every database (no floating point, no driver-specific decimal type). */
  @Column('integer')
  amountCents: number;

  @Column('varchar', { length: 36, nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
