import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { EnrollmentView, NextStepView } from './enrollment-view.js';
import { LearnerDashboardRegistry } from './learner-dashboard.registry.js';
import { ParticipantAccess } from './participant-access.js';
import { ParticipantsService } from './participants.service.js';
import type { QualificationView } from './qualification-view.js';
import { QualificationsService } from './qualifications.service.js';

export interface LearnerProgress {
  participantId: string;
  firstName: string;
  enrollments: EnrollmentView[];
  /** What to do next, in the most recent active enrolment. */
  nextStep: (NextStepView & { enrollmentId: string; path: EnrollmentView['path'] }) | null;
  qualifications: QualificationView[];
  upcomingBookings: unknown[];
  unreadNotifications: number;
}

/** GET /me/progress: a learner's own dashboard. */
@Injectable()
export class LearnerProgressService {
  constructor(
    private readonly access: ParticipantAccess,
    private readonly participants: ParticipantsService,
    private readonly qualifications: QualificationsService,
    private readonly dashboard: LearnerDashboardRegistry,
  ) {}

  async forLearner(learner: AuthUser): Promise<LearnerProgress> {
    if (!learner.participantId) throw DomainError.notFound('Participant');
    const participant = await this.access.visible(learner.participantId, learner);
    const now = new Date();
    const [byParticipant, qualifications, upcomingBookings, unreadNotifications] = await Promise.all([
      this.participants.enrollmentsOf([participant.id]),
      this.qualifications.validAt(participant.id, now),
      this.dashboard.upcomingBookings(learner),
      this.dashboard.unreadNotifications(learner),
    ]);
    const enrollments = byParticipant.get(participant.id) ?? [];
    const current = enrollments.find((e) => e.status === 'active' && e.nextStep);
    return {
      participantId: participant.id,
      firstName: participant.firstName ?? '',
      enrollments,
      nextStep: current?.nextStep ? { enrollmentId: current.id, path: current.path, ...current.nextStep } : null,
      qualifications,
      upcomingBookings,
      unreadNotifications,
    };
  }
}
