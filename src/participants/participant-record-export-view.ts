import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../users/role.js';
import { EnrollmentView } from './enrollment-view.js';
import { OUTCOMES, type Outcome } from './enrollment-status.js';
import { ParticipantView } from './participant-view.js';
import { PROGRESS_EVENT_TYPES, type ProgressEventType } from './progress-event-type.js';
import { QualificationView } from './qualification-view.js';

/** One entry of the append-only progress log. */
export class ProgressEventExport {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;

  @ApiProperty({ type: 'integer' })
  sequence: number;

  @ApiProperty({ enum: PROGRESS_EVENT_TYPES })
  type: ProgressEventType;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  stepId: string | null;

  @ApiProperty({ type: String, nullable: true })
  stepCode: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  authorUserId: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, nullable: true })
  evidenceUrl: string | null;

  @ApiProperty({ type: String, enum: [...OUTCOMES, null], nullable: true })
  outcome: Outcome | null;
}

export class AccountExport {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: Role;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  activated: boolean;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/**
 * What participants hold on the person, for the GDPR export (GET /participants/:id/export,
 * composed with the other features' parts in src/gdpr/).
 */
export class ParticipantRecordExport {
  @ApiProperty({ format: 'date-time' })
  exportedAt: string;

  @ApiProperty({ type: ParticipantView })
  participant: ParticipantView;

  @ApiProperty({ type: [EnrollmentView] })
  enrollments: EnrollmentView[];

  @ApiProperty({ type: [ProgressEventExport] })
  events: ProgressEventExport[];

  @ApiProperty({ type: [QualificationView] })
  qualifications: QualificationView[];

  @ApiProperty({ type: AccountExport, nullable: true })
  account: AccountExport | null;
}
