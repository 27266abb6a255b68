import { ApiProperty } from '@nestjs/swagger';
import { OUTCOMES, type Outcome } from './enrollment-status.js';
import { PROGRESS_EVENT_TYPES, type ProgressEventType } from './progress-event-type.js';

export class TimelinePathView {
  @ApiProperty({ example: 'FABRIQUER' })
  code: string;

  @ApiProperty()
  title: string;
}

export class TimelineAuthorView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'null when the account is gone' })
  displayName: string | null;
}

/** One event of a person's progress log (GET /participants/:id/timeline). */
export class TimelineEventView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;

  @ApiProperty({ type: TimelinePathView })
  path: TimelinePathView;

  @ApiProperty({ enum: PROGRESS_EVENT_TYPES, enumName: 'ProgressEventType' })
  type: ProgressEventType;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'for step events' })
  stepId: string | null;

  @ApiProperty({ type: String, nullable: true })
  stepTitle: string | null;

  @ApiProperty({ format: 'date-time', description: 'when it happened (may be back-dated)' })
  occurredAt: string;

  @ApiProperty({ format: 'date-time', description: 'when it was written' })
  recordedAt: string;

  @ApiProperty({ type: TimelineAuthorView, nullable: true, description: 'who did it (null for the system)' })
  author: TimelineAuthorView | null;

  @ApiProperty({ type: String, nullable: true, description: 'a note, a rejection reason, a pause reason' })
  note: string | null;

  @ApiProperty({ type: String, nullable: true })
  evidenceUrl: string | null;

  @ApiProperty({ type: String, enum: [...OUTCOMES, null], nullable: true, description: 'for `outcome` events' })
  outcome: Outcome | null;
}
