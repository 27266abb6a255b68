import { Injectable, Logger } from '@nestjs/common';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import type { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { ParticipantActivityService } from '../participants/participant-activity.service.js';
import { PARTICIPANT_SUBJECT } from './learner-notifications.service.js';

export interface QualificationExpiryOutcome {
  expiring: number;
  notificationsRecorded: number;
}

/** Qualifications are announced this many days before they expire. */
export const EXPIRY_NOTICE_DAYS = 30;

/**
 * The daily sweep of qualifications expiring within 30 days (unrevoked, not renewed): the learner
 * is told once per qualification (qualification_expiring). A renewal or revocation before the
 * delivery makes it moot.
 */
@Injectable()
export class QualificationExpirySweep {
  private readonly logger = new Logger(QualificationExpirySweep.name);

  constructor(
    private readonly activity: ParticipantActivityService,
    private readonly outbox: OutboxService,
    private readonly templates: NotificationTemplates,
  ) {}


  async run(now: Date): Promise<QualificationExpiryOutcome> {
    const outcome: QualificationExpiryOutcome = { expiring: 0, notificationsRecorded: 0 };
    const until = new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000);
    for (const q of await this.activity.expiringQualifications(now, until)) {
      outcome.expiring++;
      const { created } = await this.outbox.record({
        kind: 'qualification_expiring',
        subjectType: PARTICIPANT_SUBJECT,
        subjectId: q.participantId,
        dedupeKey: `qualification_expiring:${q.id}:${q.expiresAt.getTime()}`,
        data: { qualificationId: q.id, expiresAt: q.expiresAt.toISOString() },
      });
      if (created) outcome.notificationsRecorded++;
    }
    if (outcome.expiring > 0) this.logger.log(outcome, 'qualification-expiry sweep');
    return outcome;
  }

  async resolve(entry: OutboxEntry): Promise<Resolution> {
    const q = await this.activity.qualificationStillExpiring(String(entry.data.qualificationId));
    if (!q) return { moot: 'revoked, renewed or erased' };
    if (q.expiresAt.toISOString() !== entry.data.expiresAt) return { moot: 'expiry changed' };
    const learner = await this.activity.learnerAccountId(q.participantId);
    if (!learner) return { moot: 'no learner account' };
    return {
      recipients: [learner],
      vars: { category: this.templates.label(`machine_category.${q.category}`), expires: this.templates.day(q.expiresAt) },
      data: { participantId: q.participantId, qualificationId: q.id, category: q.category, expiresAt: q.expiresAt.toISOString() },
    };
  }
}
