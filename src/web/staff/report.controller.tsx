import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/time/clock.service.js';
import { AppConfig } from '../../config/app-config.js';
import { periodLabel, renderReportWorkbook } from '../../stats/report-workbook.js';
import { type ReportPeriod, reportPeriod } from '../../stats/report-period.js';
import { ReportService } from '../../stats/report.service.js';
import type { FieldErrors } from '../shell/components.js';
import { sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';
import { type ReportPicker, ReportPage } from './report.pages.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The period report (bilan) as a page of the staff's space, and its spreadsheet: the same
 * service, scope and rules as GET /api/stats/report (a trainer sees their partner's young people).
 * The period is picked with a GET form of two days, the last one included, as people say it.
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('equipe')
export class ReportPageController {
  constructor(
    private readonly reports: ReportService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('bilan')
  async page(@Page() page: PageContext, @Query('du') du: unknown, @Query('au') au: unknown, @Res() res: Response): Promise<void> {
    const picker = this.picker(du, au);
    const errors: FieldErrors = {};
    let period: ReportPeriod | null = null;
    try {
      period = this.period(picker);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      const field = (error.details as Array<{ field: string }> | undefined)?.[0]?.field === 'from' ? 'du' : 'au';
      errors[field] = field === 'du' ? 'Indiquez le premier jour sous la forme JJ/MM/AAAA.' : 'Indiquez un dernier jour après le premier, au plus un an plus tard.';
    }
    if (!period) {
      sendPage(res, <ReportPage page={page} picker={picker} report={null} errors={errors} periods={['', '']} xlsxHref={null} />, 400);
      return;
    }
    const report = await this.reports.report(period, page.user as AuthUser);
    const zone = this.config.timezone;
    const periods: [string, string] = [periodLabel(report.from, report.to, zone), periodLabel(report.previous.from, report.previous.to, zone)];
    const xlsxHref = `/equipe/bilan.xlsx?du=${picker.du}&au=${picker.au}`;
    sendPage(res, <ReportPage page={page} picker={picker} report={report} errors={errors} periods={periods} xlsxHref={xlsxHref} />);
  }

  @Get('bilan.xlsx')
  async spreadsheet(@Page() page: PageContext, @Query('du') du: unknown, @Query('au') au: unknown, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const picker = this.picker(du, au);
    const period = this.period(picker);
    const user = page.user as AuthUser;
    const [report, people] = await Promise.all([this.reports.report(period, user), this.reports.people(period, user)]);
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(await renderReportWorkbook(report, people, this.config.timezone, this.clock.now()), {
      disposition: `attachment; filename="bilan-${picker.du}-${picker.au}.xlsx"`,
    });
  }

  /** The days asked for, or the current calendar year; and the periods offered as links. */
  private picker(du: unknown, au: unknown): ReportPicker {
    const zone = this.config.timezone;
    const today = DateTime.fromJSDate(this.clock.now(), { zone });
    const day = (at: DateTime) => at.toISODate()!;
    const year = today.startOf('year');
    const school = today.month >= 9 ? today.set({ month: 9, day: 1 }).startOf('day') : today.minus({ years: 1 }).set({ month: 9, day: 1 }).startOf('day');
    const quarter = today.startOf('quarter');
    const text = (value: unknown) => (typeof value === 'string' && DATE.test(value) ? value : null);
    return {
      du: text(du) ?? (typeof du === 'string' ? du.slice(0, 10) : day(year)),
      au: text(au) ?? (typeof au === 'string' ? au.slice(0, 10) : day(year.plus({ years: 1 }).minus({ days: 1 }))),
      presets: [
        { label: `Année ${year.year}`, du: day(year), au: day(year.plus({ years: 1 }).minus({ days: 1 })) },
        { label: `Année ${year.year - 1}`, du: day(year.minus({ years: 1 })), au: day(year.minus({ days: 1 })) },
        { label: `Année scolaire ${school.year}-${school.year + 1}`, du: day(school), au: day(school.plus({ years: 1 }).minus({ days: 1 })) },
        { label: `Trimestre en cours`, du: day(quarter), au: day(quarter.plus({ months: 3 }).minus({ days: 1 })) },
      ],
    };
  }

  /** The report's period from the picker's days: the last day is included, so `to` is the next midnight. */
  private period(picker: ReportPicker): ReportPeriod {
    if (!DATE.test(picker.du)) throw DomainError.validation([{ field: 'from', message: 'from must be a date' }]);
    if (!DATE.test(picker.au)) throw DomainError.validation([{ field: 'to', message: 'to must be a date' }]);
    const last = DateTime.fromISO(picker.au, { zone: this.config.timezone });
    if (!last.isValid) throw DomainError.validation([{ field: 'to', message: 'to must be a date' }]);
    return reportPeriod(picker.du, last.plus({ days: 1 }).toISODate()!, this.config.timezone, this.clock.now());
  }
}
