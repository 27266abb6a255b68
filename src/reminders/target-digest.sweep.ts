import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../config/app-config.js';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import type { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { UsersService } from '../users/users.service.js';
import { StatsService } from '../stats/stats.service.js';

export interface TargetDigestOutcome {
  week: string;
  recorded: number;
  reached: number;
  target: number;
}

/**
 * The weekly digest (Monday 08:00, APP_TIMEZONE) to facilitators and admins: reached vs the pace
 * toward the yearly target (StatsService, as GET /stats/target computes it). Once per ISO week;
 * the figures are those of the moment it is recorded.
 */
@Injectable()
export class TargetDigestSweep {
  private readonly logger = new Logger(TargetDigestSweep.name);

  constructor(
    private readonly config: AppConfig,
    private readonly stats: StatsService,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly templates: NotificationTemplates,
  ) {}


  async run(now: Date): Promise<TargetDigestOutcome> {
    const local = DateTime.fromJSDate(now, { zone: this.config.timezone });
    const week = local.toFormat("kkkk-'W'WW");
    const figures = await this.stats.target(local.year);
    const { created } = await this.outbox.record({
      kind: 'target_digest',
      subjectType: 'target_week',
      subjectId: week,
      dedupeKey: `target_digest:${week}`,
      data: {
        year: figures.year,
        target: figures.target,
        reached: figures.reached,
        percent: figures.percent,
        expectedToDate: figures.expectedToDate,
        projectedYearEnd: figures.projectedYearEnd,
        onTrack: figures.onTrack,
      },
    });
    const outcome = { week, recorded: created ? 1 : 0, reached: figures.reached, target: figures.target };
    this.logger.log(outcome, 'target digest');
    return outcome;
  }

  async resolve(entry: OutboxEntry): Promise<Resolution> {
    const d = entry.data;
    return {
      recipients: await this.users.activeIdsByRole(['facilitator', 'admin']),
      vars: {
        year: Number(d.year),
        reached: Number(d.reached),
        target: Number(d.target),
        percent: String(d.percent).replace('.', this.config.notificationLocale === 'fr' ? ',' : '.'),
        expected: Number(d.expectedToDate),
        projected: Number(d.projectedYearEnd),
        pace: this.templates.label(d.onTrack ? 'pace.on_track' : 'pace.behind'),
      },
      data: { year: d.year, week: entry.subjectId, reached: d.reached, target: d.target, onTrack: d.onTrack },
    };
  }
}
