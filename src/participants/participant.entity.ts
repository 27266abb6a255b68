import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Audience } from './audience.js';
import type { Gender } from './gender.js';

/**
 * A young person followed by the fablab: exactly the fields of the contract, nothing more.
 * Erasure (GDPR) wipes the personal fields in place and sets `erasedAt`; the pseudonymous
 * statistical profile (birth year, gender, audience, QPV, partner) stays for the yearly counts.
 */
@Entity('participants')
export class Participant {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  /** Null once erased. */
  @Column('varchar', { length: 80, nullable: true })
  firstName: string | null;

  /** Null once erased. */
  @Column('varchar', { length: 80, nullable: true })
  lastName: string | null;

  @Column('integer')
  birthYear: number;

  @Column('varchar', { length: 16 })
  gender: Gender;

  @Column('varchar', { length: 16 })
  audience: Audience;

  /** Lives in a priority neighbourhood (quartier prioritaire de la ville). */
  @Column('boolean')
  livesInQpv: boolean;

  @Column('varchar', { length: 10, nullable: true })
  postcode: string | null;

  @Column('varchar', { length: 36, nullable: true })
  referredByPartnerId: string | null;

  @Column('varchar', { length: 254, nullable: true })
  contactEmail: string | null;

  @Column('varchar', { length: 32, nullable: true })
  contactPhone: string | null;

  @Column('varchar', { length: 160, nullable: true })
  guardianName: string | null;

  @Column('varchar', { length: 32, nullable: true })
  guardianPhone: string | null;

  @Column('varchar', { length: 254, nullable: true })
  guardianEmail: string | null;

  @Column('boolean')
  consentDataProcessing: boolean;

  @Column('boolean', { nullable: true })
  consentParental: boolean | null;

  @Column('boolean', { nullable: true })
  consentImageRights: boolean | null;

  /** Normalised "last first" (lower case, no accents): search and sort. Null once erased. */
  @Column('varchar', { length: 170, nullable: true })
  nameKey: string | null;

  /** Normalised "first|last|birthYear", unique: duplicate detection. Null once erased. */
  @Column('varchar', { length: 180, nullable: true })
  identityKey: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
