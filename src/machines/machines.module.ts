import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { BookedTimeSource } from './booked-time-source.js';
import { MachineMeterService } from './machine-meter.service.js';
import { MachineMetricsService } from './machine-metrics.service.js';
import { MachinesController } from './machines.controller.js';
import { MachinesService } from './machines.service.js';
import { NextMaintenanceSource } from './next-maintenance-source.js';

const SERVICES = [MachinesService, MachineMeterService, MachineMetricsService];
const HOOKS = [BookedTimeSource, NextMaintenanceSource];

/**
 * The machine catalogue, status history, usage meter (MachineMeterService.addUsage feeds it on
 * booking check-outs) and metrics. Emits machine.status-changed (notifications tell of a machine
 * going down or coming back). Exports the hooks other features plug into: BookedTimeSource
 * (bookings feed the metrics), NextMaintenanceSource (maintenance summarises the next plan due).
 * Services use the TransactionRunner's manager, so calls from another feature's transaction join it.
 */
@Module({
  imports: [SettingsModule],
  controllers: [MachinesController],
  providers: [...SERVICES, ...HOOKS],
  exports: [...SERVICES, ...HOOKS],
})
export class MachinesModule {}
