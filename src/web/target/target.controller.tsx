import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { PaginationQuery } from '../../common/http/pagination.js';
import { Clock } from '../../common/time/clock.service.js';
import { AppConfig } from '../../config/app-config.js';
import { LearningPathsService } from '../../learning-paths/learning-paths.service.js';
import { calendarYear } from '../../stats/calendar-year.js';
import { ParticipantsExportService } from '../../stats/participants-export.service.js';
import { StatsService } from '../../stats/stats.service.js';
import { renderTargetChart } from '../../stats/target-chart.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';
import { TargetPage } from './target.pages.js';

const FIRST_YEAR = 2000;

/**
 * The yearly target (`/equipe/objectif`): the figures an elected official reads in ten seconds,
 * the curve against the target's pace, the breakdowns, and the pseudonymous list for funders.
 * The same services and roles as GET /api/stats/target, target.svg and participants.csv.
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('equipe/objectif')
export class TargetPageController {
  constructor(
    private readonly stats: StatsService,
    private readonly exports: ParticipantsExportService,
    private readonly paths: LearningPathsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly dates: FrenchDates,
  ) {}

  @Get()
  async show(@Page() page: PageContext, @Query('annee') yearText: unknown, @Res() res: Response): Promise<void> {
    const current = this.stats.currentYear();
    const year = this.readYear(yearText, current);
    const stats = await this.stats.target(year);
    const { elapsedFraction } = calendarYear(year, this.config.timezone, this.clock.now());
    const chart = renderTargetChart({ stats, elapsedFraction }).replace(/^<\?xml[^>]*>\s*/, '');
    const titles = new Map((await this.paths.list({ limit: 100, offset: 0 } as PaginationQuery)).items.map((p) => [p.code, p.title]));
    const mayExport = (page.user as AuthUser).role !== 'trainer';
    sendPage(res, <TargetPage page={page} stats={stats} chart={chart} current={current} pathTitles={titles} csvHref={mayExport ? `/equipe/objectif/jeunes-${year}.csv` : null} dates={this.dates} />);
  }

  /** The funders' list (GET /api/stats/participants.csv), with the session: facilitators and admins. */
  @Get('jeunes-:year.csv')
  async csv(@Page() page: PageContext, @Param('year') yearText: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    if ((page.user as AuthUser).role === 'trainer') throw DomainError.notFound('Page');
    const year = this.readYear(yearText, null);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(Buffer.from(await this.exports.csv(year)), { disposition: `attachment; filename="jeunes-touches-${year}.csv"` });
  }

  /** A year in the address: four digits from 2000 to next year; nothing else is a page. */
  private readYear(text: unknown, fallback: number | null): number {
    if ((text === undefined || text === '') && fallback !== null) return fallback;
    const year = typeof text === 'string' && /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
    if (!(year >= FIRST_YEAR && year <= this.stats.currentYear() + 1)) throw DomainError.notFound('Page');
    return year;
  }
}
