import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { CreatePlanDto } from './dto/create-plan.dto.js';
import { MaintenancePlansService } from './maintenance-plans.service.js';
import type { PlanView } from './maintenance-views.js';

@ApiTags('maintenance')
@ApiBearerAuth()
@Roles('facilitator', 'admin')
@Controller('machines/:id/maintenance-plans')
export class MaintenancePlansController {
  constructor(private readonly plans: MaintenancePlansService) {}

  @Post()
  create(
    @Param('id', UuidPipe) machineId: string,
    @Body() dto: CreatePlanDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlanView> {
    return this.plans.create(machineId, dto, user.id);
  }

  @Get()
  list(@Param('id', UuidPipe) machineId: string, @Query() query: PaginationQuery): Promise<Page<PlanView>> {
    return this.plans.list(machineId, query);
  }
}
