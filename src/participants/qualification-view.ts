import type { MachineCategory } from '../common/machine-category.js';
import type { QualificationSource } from './qualification-source.js';
import type { Qualification } from './qualification.entity.js';

export interface QualificationView {
  id: string;
  category: MachineCategory;
  grantedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  source: QualificationSource;
  /** Valid now: granted, not expired, not revoked. */
  valid: boolean;
  enrollmentId: string | null;
  stepId: string | null;
}

export const isValidAt = (q: Qualification, at: Date): boolean =>
  q.grantedAt.getTime() <= at.getTime() &&
  q.expiresAt.getTime() > at.getTime() &&
  (q.revokedAt === null || q.revokedAt.getTime() > at.getTime());

export const toQualificationView = (q: Qualification, now = new Date()): QualificationView => ({
  id: q.id,
  category: q.category,
  grantedAt: q.grantedAt.toISOString(),
  expiresAt: q.expiresAt.toISOString(),
  revokedAt: q.revokedAt?.toISOString() ?? null,
  source: q.source,
  valid: isValidAt(q, now),
  enrollmentId: q.enrollmentId,
  stepId: q.stepId,
});
