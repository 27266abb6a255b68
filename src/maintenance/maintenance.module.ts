import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { MaintenanceDueController } from './maintenance-due.controller.js';
import { MaintenanceDueService } from './maintenance-due.service.js';
import { MaintenancePlansController } from './maintenance-plans.controller.js';
import { MaintenancePlansService } from './maintenance-plans.service.js';
import { WorkOrdersController } from './work-orders.controller.js';
import { WorkOrdersService } from './work-orders.service.js';

/**
 * Incidents, preventive plans, work orders and what is due. Depends on machines (status through
 * MachinesService, meter through MachineMeterService); nothing here knows about bookings, which
 * handle the machine.disrupted domain event and read WorkOrdersService.activeWindows.
 */
@Module({
  imports: [MachinesModule],
  controllers: [IncidentsController, MaintenancePlansController, MaintenanceDueController, WorkOrdersController],
  providers: [IncidentsService, MaintenancePlansService, MaintenanceDueService, WorkOrdersService],
  exports: [WorkOrdersService, MaintenanceDueService, MaintenancePlansService, IncidentsService],
})
export class MaintenanceModule {}
