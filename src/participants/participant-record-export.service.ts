import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { UsersService } from '../users/users.service.js';
import { EnrollmentViewsService } from './enrollment-views.service.js';
import { Enrollment } from './enrollment.entity.js';
import { ParticipantAccess } from './participant-access.service.js';
import type { ParticipantRecordExport } from './participant-record-export-view.js';
import { toParticipantView } from './participant-view.js';
import { ProgressEvent } from './progress-event.entity.js';
import { toQualificationView } from './qualification-view.js';
import { Qualification } from './qualification.entity.js';

/**
 * GDPR right of access, participants' part: the person, their enrolments, progress log,
 * qualifications and account (never a hash). The whole document is composed in src/gdpr/.
 */
@Injectable()
export class ParticipantRecordExportService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: ParticipantAccess,
    private readonly views: EnrollmentViewsService,
    private readonly learningPaths: LearningPathsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** Only if the caller may see the person (else 404). */
  async export(participantId: string, actor: AuthUser): Promise<ParticipantRecordExport> {
    const participant = await this.access.visible(participantId, actor);
    const manager = this.tx.manager;
    const [enrollments, events, qualifications, account] = await Promise.all([
      manager.getRepository(Enrollment).find({ where: { participantId }, order: { enrolledAt: 'ASC', id: 'ASC' } }),
      manager.getRepository(ProgressEvent).find({ where: { participantId }, order: { occurredAt: 'ASC', enrollmentId: 'ASC', sequence: 'ASC' } }),
      manager.getRepository(Qualification).find({ where: { participantId }, order: { grantedAt: 'ASC', id: 'ASC' } }),
      this.users.findLearnerAccount(participantId),
    ]);
    const steps = await this.learningPaths.stepsOf(enrollments.map((e) => e.pathId));
    const stepCodes = new Map([...steps.values()].flat().map((step) => [step.id, step.code]));
    const now = this.clock.now();
    return {
      exportedAt: now.toISOString(),
      participant: toParticipantView(participant),
      enrollments: await this.views.build(enrollments),
      events: events.map((event) => ({
        id: event.id,
        enrollmentId: event.enrollmentId,
        sequence: event.sequence,
        type: event.type,
        stepId: event.stepId,
        stepCode: event.stepId ? (stepCodes.get(event.stepId) ?? null) : null,
        occurredAt: event.occurredAt.toISOString(),
        recordedAt: event.recordedAt.toISOString(),
        authorUserId: event.authorUserId,
        note: event.note,
        evidenceUrl: event.evidenceUrl,
        outcome: event.outcome,
      })),
      qualifications: qualifications.map((q) => toQualificationView(q, now)),
      account: account
        ? {
            id: account.user.id,
            role: account.user.role,
            username: account.user.username,
            email: account.user.email,
            displayName: account.user.displayName,
            activated: account.activated,
            active: account.user.active,
            lastLoginAt: account.user.lastLoginAt?.toISOString() ?? null,
            createdAt: account.user.createdAt.toISOString(),
          }
        : null,
    };
  }
}
