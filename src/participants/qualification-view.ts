import { ApiProperty } from '@nestjs/swagger';
import { MACHINE_CATEGORIES, type MachineCategory } from '../common/machine-category.js';
import { QUALIFICATION_SOURCES, type QualificationSource } from './qualification-source.js';
import type { Qualification } from './qualification.entity.js';

export class QualificationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: MACHINE_CATEGORIES, enumName: 'MachineCategory' })
  category: MachineCategory;

  @ApiProperty({ format: 'date-time' })
  grantedAt: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'why it was revoked, when staff said so' })
  revokeReason: string | null;

  @ApiProperty({ enum: QUALIFICATION_SOURCES })
  source: QualificationSource;

  @ApiProperty({ description: 'valid now: granted, not expired, not revoked' })
  valid: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  enrollmentId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  stepId: string | null;
}

export const isValidAt = (q: Qualification, at: Date): boolean =>
  q.grantedAt.getTime() <= at.getTime() &&
  q.expiresAt.getTime() > at.getTime() &&
  (q.revokedAt === null || q.revokedAt.getTime() > at.getTime());

export const toQualificationView = (q: Qualification, now: Date): QualificationView => ({
  id: q.id,
  category: q.category,
  grantedAt: q.grantedAt.toISOString(),
  expiresAt: q.expiresAt.toISOString(),
  revokedAt: q.revokedAt?.toISOString() ?? null,
  revokeReason: q.revokeReason ?? null,
  source: q.source,
  valid: isValidAt(q, now),
  enrollmentId: q.enrollmentId,
  stepId: q.stepId,
});
