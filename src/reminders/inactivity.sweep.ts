import { Injectable, Logger } from '@nestjs/common';
import { Like, MoreThan, type Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { ParticipantActivityService } from '../participants/participant-activity.service.js';
import { UsersService } from '../users/users.service.js';
import { PARTICIPANT_SUBJECT } from './learner-notifications.service.js';

export interface InactivityOutcome {
  stalled: number;
  nudgesRecorded: number;
  alertsRecorded: number;
  notYetAgain: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The daily sweep of stalled learners: an active enrolment without progress for INACTIVITY_DAYS
 * gets a nudge to the learner (inactivity_nudge) and an alert to the facilitators
 * (participant_stalled) — at most once a week per enrolment: once per week of stalling (the
 * dedupe key), and never within 7 days of the previous one. Progress resets the count.
 */
@Injectable()
export class InactivitySweep {
  private readonly logger = new Logger(InactivitySweep.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    private readonly activity: ParticipantActivityService,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly templates: NotificationTemplates,
  ) {}

  private get entries(): Repository<OutboxEntry> {
    return this.tx.manager.getRepository(OutboxEntry);
  }


  async run(now: Date): Promise<InactivityOutcome> {
    const outcome: InactivityOutcome = { stalled: 0, nudgesRecorded: 0, alertsRecorded: 0, notYetAgain: 0 };
    const inactivityMs = this.config.inactivityDays * DAY_MS;
    for (const enrollment of await this.activity.stalledEnrollments(new Date(now.getTime() - inactivityMs))) {
      outcome.stalled++;
      const recent = await this.entries.existsBy({
        dedupeKey: Like(`inactivity_nudge:${enrollment.id}:%`),
        createdAt: MoreThan(new Date(now.getTime() - WEEK_MS)),
      });
      if (recent) {
        outcome.notYetAgain++;
        continue;
      }
      const lastActivity = enrollment.lastActivityAt.getTime();
      const week = Math.floor((now.getTime() - lastActivity - inactivityMs) / WEEK_MS);
      const days = Math.floor((now.getTime() - lastActivity) / DAY_MS);
      const data = { enrollmentId: enrollment.id, lastActivityAt: enrollment.lastActivityAt.toISOString(), days };
      await this.tx.run(async () => {
        for (const kind of ['inactivity_nudge', 'participant_stalled'] as const) {
          const { created } = await this.outbox.record({
            kind,
            subjectType: PARTICIPANT_SUBJECT,
            subjectId: enrollment.participantId,
            dedupeKey: `${kind}:${enrollment.id}:${lastActivity}:${week}`,
            data,
          });
          if (created && kind === 'inactivity_nudge') outcome.nudgesRecorded++;
          if (created && kind === 'participant_stalled') outcome.alertsRecorded++;
        }
      });
    }
    if (outcome.stalled > 0) this.logger.log(outcome, 'inactivity sweep');
    return outcome;
  }

  async resolve(entry: OutboxEntry): Promise<Resolution> {
    const enrollment = await this.activity.enrollment(String(entry.data.enrollmentId));
    if (!enrollment) return { moot: 'participant erased' };
    if (enrollment.status !== 'active') return { moot: `enrolment ${enrollment.status}` };
    if (enrollment.lastActivityAt.toISOString() !== entry.data.lastActivityAt) return { moot: 'progress since' };
    const view = await this.activity.enrollmentView(enrollment);
    const recipients =
      entry.kind === 'inactivity_nudge'
        ? [await this.activity.learnerAccountId(enrollment.participantId)].filter((id): id is string => id !== null)
        : await this.users.activeIdsByRole(['facilitator']);
    if (recipients.length === 0) return { moot: 'no learner account' };
    const names = entry.kind === 'participant_stalled' ? await this.activity.names([enrollment.participantId]) : new Map<string, string>();
    return {
      recipients,
      vars: {
        path: view.path.title,
        days: Number(entry.data.days),
        nextStep: view.nextStep?.title ?? this.templates.label('next_step.none'),
        participant: names.get(enrollment.participantId) ?? '',
      },
      data: { participantId: enrollment.participantId, enrollmentId: enrollment.id, pathCode: view.path.code },
    };
  }
}
