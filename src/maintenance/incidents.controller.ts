import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { CreateIncidentDto } from './dto/create-incident.dto.js';
import { type IncidentReportView, IncidentsService } from './incidents.service.js';
import type { IncidentView } from './maintenance-views.js';

@ApiTags('maintenance')
@ApiBearerAuth()
@Controller('machines/:id/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** Anyone may report a problem, learners included. */
  @Post()
  @AnyRole()
  report(
    @Param('id', UuidPipe) machineId: string,
    @Body() dto: CreateIncidentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentReportView> {
    return this.incidents.report(machineId, dto, user.id);
  }

  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  list(@Param('id', UuidPipe) machineId: string, @Query() query: PaginationQuery): Promise<Page<IncidentView>> {
    return this.incidents.list(machineId, query);
  }
}
