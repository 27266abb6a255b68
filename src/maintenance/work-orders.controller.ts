import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { CompleteWorkOrderDto } from './dto/complete-work-order.dto.js';
import { CreateWorkOrderDto } from './dto/create-work-order.dto.js';
import { ListWorkOrdersQuery } from './dto/list-work-orders.query.js';
import { TransitionDto } from './dto/transition.dto.js';
import { UpdateWorkOrderDto } from './dto/update-work-order.dto.js';
import { WorkOrderView } from './maintenance-views.js';
import { WorkOrdersService } from './work-orders.service.js';

/** Transitions: see work-order-transitions.ts; an illegal move is 422 INVALID_TRANSITION. */
@ApiTags('maintenance')
@ApiBearerAuth()
@Controller('maintenance/work-orders')
export class WorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'List work orders, filtered by machine, status and kind' })
  @ApiPageResult(WorkOrderView)
  list(@Query() query: ListWorkOrdersQuery): Promise<Page<WorkOrderView>> {
    return this.workOrders.list(query);
  }

  @Post()
  @Roles('admin', 'facilitator')
  @ApiOperation({
    summary: 'Open a work order (facilitators, admins)',
    description:
      'A maintenance window (windowStart, windowEnd) blocks bookings on the machine and flags the confirmed ones it hits — which is why trainers may not open one (they report incidents instead: POST /machines/:id/incidents). A plan (planId) is carried out by one work order at a time: 409 CONFLICT with details.openWorkOrderId while another is open, in progress or on hold.',
  })
  @ApiResult(WorkOrderView)
  @ApiErrors('NOT_FOUND', 'CONFLICT')
  create(@Body() dto: CreateWorkOrderDto, @CurrentUser() user: AuthUser): Promise<WorkOrderView> {
    return this.workOrders.create(dto, user.id);
  }

  @Get(':id')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'A work order, with its events' })
  @ApiResult(WorkOrderView)
  get(@Param('id', UuidPipe) id: string): Promise<WorkOrderView> {
    return this.workOrders.detail(id);
  }

  @Patch(':id')
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Change an unfinished work order (title, description, due date, window)' })
  @ApiResult(WorkOrderView)
  @ApiErrors('INVALID_TRANSITION')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateWorkOrderDto): Promise<WorkOrderView> {
    return this.workOrders.update(id, dto);
  }

  @Post(':id/start')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a work order (open or on hold → in_progress)' })
  @ApiResult(WorkOrderView)
  @ApiErrors('INVALID_TRANSITION')
  start(@Param('id', UuidPipe) id: string, @Body() dto: TransitionDto, @CurrentUser() user: AuthUser): Promise<WorkOrderView> {
    return this.workOrders.start(id, user.id, dto.reason);
  }

  @Post(':id/hold')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a work order on hold' })
  @ApiResult(WorkOrderView)
  @ApiErrors('INVALID_TRANSITION')
  hold(@Param('id', UuidPipe) id: string, @Body() dto: TransitionDto, @CurrentUser() user: AuthUser): Promise<WorkOrderView> {
    return this.workOrders.hold(id, user.id, dto.reason);
  }

  @Post(':id/complete')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a work order',
    description:
      'Completing a preventive order resets its plan; completing the last open corrective order of an out_of_order machine makes it available again.',
  })
  @ApiResult(WorkOrderView)
  @ApiErrors('INVALID_TRANSITION', 'METER_DECREASE')
  complete(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CompleteWorkOrderDto,
    @CurrentUser() user: AuthUser,
  ): Promise<WorkOrderView> {
    return this.workOrders.complete(id, dto, user.id);
  }

  @Post(':id/cancel')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an unfinished work order' })
  @ApiResult(WorkOrderView)
  @ApiErrors('INVALID_TRANSITION')
  cancel(@Param('id', UuidPipe) id: string, @Body() dto: TransitionDto, @CurrentUser() user: AuthUser): Promise<WorkOrderView> {
    return this.workOrders.cancel(id, user.id, dto.reason);
  }
}
