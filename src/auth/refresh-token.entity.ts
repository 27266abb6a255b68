import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a rotation family. Only its SHA-256 is stored. Presenting a token that
 * was already used revokes the whole family (token theft detection).
 */
@Entity('refresh_tokens')
// The revoked families, for the guard's session check (migration 1764660000140).
@Index('IDX_refresh_tokens_revoked_family', ['familyId'], { where: 'revoked_at IS NOT NULL' })
export class RefreshToken {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Index()
  @Column('varchar', { length: 36 })
  userId: string;

  @Index()
  @Column('varchar', { length: 36 })
  familyId: string;

  @Column('varchar', { length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** A web session's family (src/web): opens pages only, refused by POST /auth/refresh. */
  @Column({ type: 'boolean', default: false })
  web: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
