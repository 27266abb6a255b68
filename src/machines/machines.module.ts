import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { MachineMeterService } from './machine-meter.service.js';
import { MachinesService } from './machines.service.js';

const SERVICES = [MachinesService, MachineMeterService];

/**
 * The machine catalogue, status history and usage meter (MachineMeterService.addUsage feeds it on
 * booking check-outs). Emits machine.status-changed (notifications tell of a machine going down or
 * coming back). What combines machines with maintenance and bookings — the HTTP representation
 * with the next maintenance, the metrics with the booked time — is in src/machine-overview/, above them.
 * Services use the TransactionRunner's manager, so calls from another feature's transaction join it.
 */
@Module({
  imports: [SettingsModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class MachinesModule {}
