import { Body, Controller, Get, Header, Param, ParseIntPipe, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ApiFileResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsQuery } from '../machines/dto/metrics.query.js';
import { calendarYear } from './calendar-year.js';
import { BudgetView, PeriodReportView } from './dto/period-report.view.js';
import { ReportQuery } from './dto/report.query.js';
import { SetBudgetDto } from './dto/set-budget.dto.js';
import { SetTargetDto } from './dto/set-target.dto.js';
import { YearQuery } from './dto/year.query.js';
import { MachinesStatsView } from './machines-stats-view.js';
import { MachinesStatsService } from './machines-stats.service.js';
import { ParticipantsExportService } from './participants-export.service.js';
import type { PeriodReport } from './period-report.js';
import { reportPeriod } from './report-period.js';
import { renderReportWorkbook } from './report-workbook.js';
import { ReportService } from './report.service.js';
import { StatsService } from './stats.service.js';
import { renderTargetChart } from './target-chart.js';
import { TargetStats } from './target-stats.js';
import { YearTargetView } from './year-target-view.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('stats')
@ApiBearerAuth()
@Controller()
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly exports: ParticipantsExportService,
    private readonly machines: MachinesStatsService,
    private readonly reports: ReportService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('stats/target')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'The yearly target: young people reached, pace, projection and breakdowns' })
  @ApiResult(TargetStats)
  target(@Query() query: YearQuery): Promise<TargetStats> {
    return this.stats.target(query.year ?? this.stats.currentYear());
  }

  @Get('stats/target.svg')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'The cumulative reach of the year against the target’s pace, as an SVG picture' })
  @ApiFileResult('image/svg+xml', 'an SVG picture')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async targetChart(@Query() query: YearQuery): Promise<StreamableFile> {
    const year = query.year ?? this.stats.currentYear();
    const stats = await this.stats.target(year);
    const { elapsedFraction } = calendarYear(year, this.config.timezone, this.clock.now());
    return new StreamableFile(Buffer.from(renderTargetChart({ stats, elapsedFraction })));
  }

  @Get('stats/participants.csv')
  @Roles('admin', 'facilitator')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'One pseudonymous row per young person reached in the year, for funders (no name, contact or id)' })
  @ApiFileResult('text/csv', 'semicolon-separated UTF-8 with a BOM, as an attachment')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async participantsCsv(@Query() query: YearQuery): Promise<StreamableFile> {
    const year = query.year ?? this.stats.currentYear();
    return new StreamableFile(Buffer.from(await this.exports.csv(year)), {
      disposition: `attachment; filename="jeunes-touches-${year}.csv"`,
    });
  }

  @Get('stats/machines')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'Availability, failures, MTBF/MTTR and utilisation of every machine over a period' })
  @ApiResult(MachinesStatsView)
  machinesStats(@Query() query: MetricsQuery): Promise<MachinesStatsView> {
    return this.machines.all(query.from, query.to);
  }

  @Get('stats/report')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({
    summary: 'The period report (bilan): public reached, activity, results, machines, cost, beside the same period a year earlier',
    description:
      'Staff see every young person; a trainer only those their partner referred, without machines and budget. ' +
      'Positive outcomes: REPORT_POSITIVE_OUTCOMES; QPV threshold: REPORT_QPV_THRESHOLD_PCT.',
  })
  @ApiResult(PeriodReportView)
  report(@Query() query: ReportQuery, @CurrentUser() user: AuthUser): Promise<PeriodReport> {
    return this.reports.report(reportPeriod(query.from, query.to, this.config.timezone, this.clock.now()), user);
  }

  @Get('stats/report.xlsx')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({
    summary: 'The period report as a spreadsheet: a summary, one sheet per breakdown, the machines, one pseudonymous row per young person',
    description: 'Same period, scope and figures as GET /stats/report; the pseudonyms are those of participants.csv for the year the period starts in.',
  })
  @ApiFileResult(XLSX, 'an Office Open XML workbook (.xlsx)', { binary: true })
  @Header('Content-Type', XLSX)
  async reportXlsx(@Query() query: ReportQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const period = reportPeriod(query.from, query.to, this.config.timezone, this.clock.now());
    const [report, people] = await Promise.all([this.reports.report(period, user), this.reports.people(period, user)]);
    const workbook = await renderReportWorkbook(report, people, this.config.timezone, this.clock.now());
    const day = (at: Date) => DateTime.fromJSDate(at, { zone: this.config.timezone }).toISODate();
    const lastDay = day(new Date(period.to.getTime() - 1));
    return new StreamableFile(workbook, { disposition: `attachment; filename="bilan-${day(period.from)}-${lastDay}.xlsx"` });
  }

  @Get('settings/budgets/:year')
  @Roles('admin', 'facilitator')
  @ApiOperation({ summary: 'The fablab’s budget for a calendar year (null when not set)' })
  @ApiResult(BudgetView)
  getBudget(@Param('year', new ParseIntPipe({ exceptionFactory: () => badYear() })) year: number) {
    checkYear(year);
    return this.reports.budgetOf(year);
  }

  @Put('settings/budgets/:year')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the fablab’s budget for a calendar year, in euros: the report’s cost per young person' })
  @ApiResult(BudgetView)
  setBudget(
    @Param('year', new ParseIntPipe({ exceptionFactory: () => badYear() })) year: number,
    @Body() dto: SetBudgetDto,
    @CurrentUser() user: AuthUser,
  ) {
    checkYear(year);
    return this.reports.setBudget(year, dto.amount, user.id);
  }

  @Get('settings/targets/:year')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'The target of a calendar year (500 unless set)' })
  @ApiResult(YearTargetView)
  async getTarget(@Param('year', new ParseIntPipe({ exceptionFactory: () => badYear() })) year: number): Promise<YearTargetView> {
    checkYear(year);
    return { year, target: await this.stats.targetFor(year) };
  }

  @Put('settings/targets/:year')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the target of a calendar year' })
  @ApiResult(YearTargetView)
  setTarget(
    @Param('year', new ParseIntPipe({ exceptionFactory: () => badYear() })) year: number,
    @Body() dto: SetTargetDto,
    @CurrentUser() user: AuthUser,
  ) {
    checkYear(year);
    return this.stats.setTarget(year, dto.target, user.id);
  }
}

const badYear = () => DomainError.validation([{ field: 'year', message: 'year must be a whole year between 2000 and 2100' }]);
const checkYear = (year: number) => {
  if (year < 2000 || year > 2100) throw badYear();
};
