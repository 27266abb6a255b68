import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from './role.js';

@Entity('users')
export class User {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  /** Lower-cased; unique when present. Learners may have none. */
  @Column('varchar', { length: 254, nullable: true })
  email: string | null;

  /** Lower-cased; unique when present. */
  @Column('varchar', { length: 64, nullable: true })
  username: string | null;

  /** argon2id hash; null until a learner activates their account. */
  @Column('varchar', { length: 255, nullable: true, select: false })
  passwordHash: string | null;

  @Column('varchar', { length: 16 })
  role: Role;

  @Column('varchar', { length: 120 })
  displayName: string;

  @Column('varchar', { length: 36, nullable: true })
  partnerId: string | null;

  @Column('varchar', { length: 36, nullable: true })
  participantId: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** Set when the password changes or the account is deactivated: older refresh tokens die. */
  @Column({ type: 'timestamptz', nullable: true })
  credentialsChangedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
