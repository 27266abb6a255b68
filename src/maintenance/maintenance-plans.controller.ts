import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { CreatePlanDto } from './dto/create-plan.dto.js';
import { MaintenancePlansService } from './maintenance-plans.service.js';
import { PlanView } from './maintenance-views.js';

@ApiTags('maintenance')
@ApiBearerAuth()
@Roles('facilitator', 'admin')
@Controller('machines/:id/maintenance-plans')
export class MaintenancePlansController {
  constructor(private readonly plans: MaintenancePlansService) {}

  @Post()
  @ApiOperation({ summary: 'Add a preventive maintenance plan to a machine (every N days and/or N usage hours)' })
  @ApiResult(PlanView)
  create(
    @Param('id', UuidPipe) machineId: string,
    @Body() dto: CreatePlanDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlanView> {
    return this.plans.create(machineId, dto, user.id);
  }

  @Get()
  @ApiOperation({ summary: 'Maintenance plans of a machine, with where each stands' })
  @ApiPageResult(PlanView)
  list(@Param('id', UuidPipe) machineId: string, @Query() query: PaginationQuery): Promise<Page<PlanView>> {
    return this.plans.list(machineId, query);
  }
}
