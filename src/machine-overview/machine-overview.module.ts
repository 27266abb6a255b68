import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { MachinesModule } from '../machines/machines.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { MachineMetricsService } from './machine-metrics.service.js';
import { MachineViewsService } from './machine-views.service.js';
import { MachinesController } from './machines.controller.js';

/**
 * What the fablab shows about its machines, composed above the features it combines: the HTTP
 * routes of /machines, whose representation carries the next preventive maintenance
 * (maintenance), and the metrics, whose utilisation needs the booked time (bookings) measured
 * against the opening hours (settings). Exported for the statistics and the web pages.
 */
@Module({
  imports: [MachinesModule, MaintenanceModule, BookingsModule, SettingsModule],
  controllers: [MachinesController],
  providers: [MachineViewsService, MachineMetricsService],
  exports: [MachineViewsService, MachineMetricsService],
})
export class MachineOverviewModule {}
