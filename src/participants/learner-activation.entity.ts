import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A pending activation code of a learner account: only its SHA-256 is stored, one per account
 * (re-issuing replaces it), deleted once used.
 */
@Entity('learner_activations')
export class LearnerActivation {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  userId: string;

  @Column('varchar', { length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
