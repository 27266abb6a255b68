import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { CreateIncidentDto } from './dto/create-incident.dto.js';
import { IncidentsService } from './incidents.service.js';
import { IncidentReportView, IncidentView } from './maintenance-views.js';

@ApiTags('maintenance')
@ApiBearerAuth()
@Controller('machines/:id/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** Anyone may report a problem, learners included. */
  @Post()
  @AnyRole()
  @ApiOperation({
    summary: 'Report a problem with a machine (anyone, learners included)',
    description: 'A blocking one puts the machine out_of_order, opens a corrective work order and flags the future bookings it breaks.',
  })
  @ApiResult(IncidentReportView)
  report(
    @Param('id', UuidPipe) machineId: string,
    @Body() dto: CreateIncidentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentReportView> {
    return this.incidents.report(machineId, dto, user.id);
  }

  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'Incidents reported on a machine, newest first' })
  @ApiPageResult(IncidentView)
  list(@Param('id', UuidPipe) machineId: string, @Query() query: PaginationQuery): Promise<Page<IncidentView>> {
    return this.incidents.list(machineId, query);
  }
}
