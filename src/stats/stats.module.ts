import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LearningPathsModule } from '../learning-paths/learning-paths.module.js';
import { MachineOverviewModule } from '../machine-overview/machine-overview.module.js';
import { MachinesModule } from '../machines/machines.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { MachinesReportService } from './machines-report.service.js';
import { MachinesStatsService } from './machines-stats.service.js';
import { ParticipantActivityMonths } from './participant-activity-months.service.js';
import { ParticipantsExportService } from './participants-export.service.js';
import { ReachQueries } from './reach-queries.service.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';
import { ReportQueries } from './report-queries.service.js';
import { ReportService } from './report.service.js';
import { StatsPseudonyms } from './stats-pseudonyms.service.js';
import { YearlyBudget } from './yearly-budget.entity.js';
import { YearlyTarget } from './yearly-target.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([YearlyTarget, YearlyBudget]), LearningPathsModule, MachinesModule, MachineOverviewModule, SettingsModule],
  controllers: [StatsController],
  providers: [StatsService, ParticipantActivityMonths, ReachQueries, ParticipantsExportService, MachinesStatsService, MachinesReportService, ReportQueries, ReportService, StatsPseudonyms],
  exports: [StatsService, ReportService, ParticipantsExportService],
})
export class StatsModule {}
