import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PartnerKind } from './partner-kind.js';

@Entity('partners')
export class Partner {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 160 })
  name: string;

  /** The name folded (case, accents, spaces) for uniqueness: "Lycée  Vaugelas" = "LYCEE VAUGELAS". */
  @Column('varchar', { length: 160, select: false })
  nameKey: string;

  @Column('varchar', { length: 16 })
  kind: PartnerKind;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
