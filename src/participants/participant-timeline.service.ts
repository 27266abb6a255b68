import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { RawReader } from '../database/raw-reader.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { ParticipantAccess } from './participant-access.service.js';
import type { TimelineEventView } from './participant-timeline-view.js';
import { ProgressEvent } from './progress-event.entity.js';

/**
 * A person's progress log, whole and readable: every event of every enrolment (who did what,
 * when, with which note or evidence), newest first, with the author's name and the step's and
 * path's titles. Scoped like every read of a participant (ParticipantAccess).
 */
@Injectable()
export class ParticipantTimelineService {
  constructor(
    private readonly access: ParticipantAccess,
    private readonly raw: RawReader,
    private readonly learningPaths: LearningPathsService,
  ) {}

  async timeline(participantId: string, user: AuthUser): Promise<TimelineEventView[]> {
    await this.access.visible(participantId, user);
    const rows = await this.raw.rows(
      `SELECT pe.*, e.path_id AS path_id, u.display_name AS author_display_name
         FROM progress_events pe
         JOIN enrollments e ON e.id = pe.enrollment_id
         LEFT JOIN users u ON u.id = pe.author_user_id
        WHERE pe.participant_id = :participantId
        ORDER BY pe.occurred_at DESC, pe.recorded_at DESC, pe.sequence DESC`,
      { participantId },
    );
    const pathIds = [...new Set(rows.map((row) => String(row.path_id)))];
    const [paths, steps] = await Promise.all([this.learningPaths.findByIds(pathIds), this.learningPaths.stepsOf(pathIds)]);
    const stepTitles = new Map([...steps.values()].flat().map((step) => [step.id, step.title]));
    return rows.map((row) => {
      const event = this.raw.hydrate(ProgressEvent, row);
      const path = paths.get(String(row.path_id));
      return {
        id: event.id,
        enrollmentId: event.enrollmentId,
        path: { code: path?.code ?? '', title: path?.title ?? '' },
        type: event.type,
        stepId: event.stepId,
        stepTitle: event.stepId ? (stepTitles.get(event.stepId) ?? null) : null,
        occurredAt: event.occurredAt.toISOString(),
        recordedAt: event.recordedAt.toISOString(),
        author: event.authorUserId
          ? { id: event.authorUserId, displayName: typeof row.author_display_name === 'string' ? row.author_display_name : null }
          : null,
        note: event.note,
        evidenceUrl: event.evidenceUrl,
        outcome: event.outcome,
      };
    });
  }
}
