import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { ChangeStatusDto } from '../machines/dto/change-status.dto.js';
import { CreateMachineDto } from '../machines/dto/create-machine.dto.js';
import { ListMachinesQuery } from '../machines/dto/list-machines.query.js';
import { MetricsQuery } from '../machines/dto/metrics.query.js';
import { RecordUsageDto } from '../machines/dto/record-usage.dto.js';
import { UpdateMachineDto } from '../machines/dto/update-machine.dto.js';
import { MachineMeterService } from '../machines/machine-meter.service.js';
import { MachineMetricsView } from '../machines/machine-metrics-view.js';
import { MachineView, StatusChangeView, UsageReadingView } from '../machines/machine-view.js';
import { MachinesService } from '../machines/machines.service.js';
import { MachineMetricsService } from './machine-metrics.service.js';
import { MachineViewsService } from './machine-views.service.js';

@ApiTags('machines')
@ApiBearerAuth()
@Controller('machines')
export class MachinesController {
  constructor(
    private readonly machines: MachinesService,
    private readonly meter: MachineMeterService,
    private readonly metrics: MachineMetricsService,
    private readonly views: MachineViewsService,
  ) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'List machines, filtered by status and category' })
  @ApiPageResult(MachineView)
  list(@Query() query: ListMachinesQuery): Promise<Page<MachineView>> {
    return this.views.list(query);
  }

  @Post()
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Add a machine' })
  @ApiResult(MachineView)
  @ApiErrors('CONFLICT')
  async create(@Body() dto: CreateMachineDto, @CurrentUser() user: AuthUser): Promise<MachineView> {
    const machine = await this.machines.create(dto, user.id);
    return this.views.view(machine.id);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'A machine, with its next preventive maintenance' })
  @ApiResult(MachineView)
  get(@Param('id', UuidPipe) id: string): Promise<MachineView> {
    return this.views.view(id);
  }

  @Patch(':id')
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Change a machine (not its status nor its meter)' })
  @ApiResult(MachineView)
  @ApiErrors('CONFLICT')
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMachineDto): Promise<MachineView> {
    await this.machines.update(id, dto);
    return this.views.view(id);
  }

  /** Sets the status; the change, its author and reason are kept in the status history. */
  @Post(':id/status')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the status of a machine, with a reason kept in its history' })
  @ApiResult(MachineView)
  @ApiErrors('INVALID_TRANSITION')
  async changeStatus(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ChangeStatusDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MachineView> {
    await this.machines.changeStatus(id, dto.status, dto.reason, 'manual', { actorId: user.id });
    return this.views.view(id);
  }

  @Get(':id/status-history')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'Status history of a machine, newest first' })
  @ApiPageResult(StatusChangeView)
  statusHistory(@Param('id', UuidPipe) id: string, @Query() query: PaginationQuery): Promise<Page<StatusChangeView>> {
    return this.machines.statusHistory(id, query);
  }

  /** A meter reading (absolute hours); lower than the current value → 409 METER_DECREASE, unless it is a correction (with a reason). */
  @Post(':id/usage')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a meter reading (absolute hours), or correct the meter',
    description:
      'Without `reason`, a reading lower than the meter is 409 METER_DECREASE. With `reason`, it is a correction (a wrong check-out, a typo): the meter may go down, and the history keeps the reading with source `correction`, the reason and who made it.',
  })
  @ApiResult(MachineView)
  @ApiErrors('METER_DECREASE')
  async recordUsage(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RecordUsageDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MachineView> {
    if (dto.reason !== undefined) await this.meter.correct(id, dto.usageHours, dto.reason, { actorId: user.id });
    else await this.meter.recordReading(id, dto.usageHours, 'manual', { actorId: user.id });
    return this.views.view(id);
  }

  @Get(':id/usage')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'Meter readings of a machine, newest first' })
  @ApiPageResult(UsageReadingView)
  usageReadings(@Param('id', UuidPipe) id: string, @Query() query: PaginationQuery): Promise<Page<UsageReadingView>> {
    return this.meter.readings(id, query);
  }

  @Get(':id/metrics')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'Availability, failures, MTBF/MTTR and utilisation of a machine over a period (measured against opening hours)' })
  @ApiResult(MachineMetricsView)
  async getMetrics(@Param('id', UuidPipe) id: string, @Query() query: MetricsQuery): Promise<MachineMetricsView> {
    await this.machines.get(id);
    const { from, to } = this.metrics.parsePeriod(query.from, query.to);
    return this.metrics.forMachine(id, from, to);
  }
}
