import { Injectable } from '@nestjs/common';
import type { ParticipantErasing, ProgressMilestone } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { NotificationPreferencesService } from '../notifications/notification-preferences.service.js';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { ParticipantActivityService } from '../participants/participant-activity.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';

/** Every outbox entry about a participant has this subject, so erasure finds them all. */
export const PARTICIPANT_SUBJECT = 'participant';

/**
 * What learners are told about their own path: step_validated and path_completed, recorded in
 * the transaction of the validation. Also the participants' side of notifications: a learner's
 * contact e-mail as their address, and erasure (their
 * pending notifications dropped with their jobs, their inbox and preferences deleted).
 */
@Injectable()
export class LearnerNotificationsService {
  constructor(
    private readonly activity: ParticipantActivityService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly templates: NotificationTemplates,
    private readonly users: UsersService,
  ) {}


  /** A learner account has no e-mail of its own: the participant's contact address, by user id. */
  async contactAddresses(users: User[]): Promise<Map<string, string>> {
    const learners = users.filter((u) => u.role === 'learner' && u.participantId);
    const emails = await this.activity.contactEmails(learners.map((u) => u.participantId as string));
    return new Map(learners.filter((u) => emails.has(u.participantId as string)).map((u) => [u.id, emails.get(u.participantId as string) as string]));
  }

  @OnDomainEvent('progress.milestone')
  private async onMilestone(milestone: ProgressMilestone): Promise<void> {
    const kind = milestone.type;
    await this.outbox.record({
      kind,
      subjectType: PARTICIPANT_SUBJECT,
      subjectId: milestone.participantId,
      dedupeKey:
        kind === 'step_validated' ? `step_validated:${milestone.enrollmentId}:${milestone.stepId}` : `path_completed:${milestone.enrollmentId}`,
      data: { enrollmentId: milestone.enrollmentId, stepId: milestone.stepId ?? null },
    });
  }

  async resolveMilestone(entry: OutboxEntry): Promise<Resolution> {
    const enrollment = await this.activity.enrollment(String(entry.data.enrollmentId));
    if (!enrollment) return { moot: 'participant erased' };
    const learner = await this.activity.learnerAccountId(enrollment.participantId);
    if (!learner) return { moot: 'no learner account' };
    const view = await this.activity.enrollmentView(enrollment);
    const step = view.steps.find((s) => s.stepId === entry.data.stepId);
    if (entry.kind === 'step_validated' && step?.status !== 'validated') return { moot: 'step no longer validated' };
    return {
      recipients: [learner],
      vars: {
        path: view.path.title,
        step: step?.title ?? '',
        progress: view.progressPct,
        nextStep: view.nextStep?.title ?? this.templates.label('next_step.none'),
      },
      data: {
        participantId: enrollment.participantId,
        enrollmentId: enrollment.id,
        pathCode: view.path.code,
        ...(entry.kind === 'step_validated' ? { stepId: entry.data.stepId } : {}),
      },
    };
  }

  /** Inside the erasure transaction. */
  @OnDomainEvent('participant.erasing')
  private async onErasure({ participantId }: ParticipantErasing): Promise<void> {
    await this.outbox.skipPending({ subjectType: PARTICIPANT_SUBJECT, subjectId: participantId }, 'participant erased');
    await this.notifications.redactAbout(participantId);
    const account = await this.users.findLearnerAccount(participantId);
    if (account) {
      await this.outbox.skipPending({ recipientId: account.user.id }, 'participant erased');
      await this.notifications.forget(account.user.id);
      await this.preferences.forget(account.user.id);
    }
  }
}
