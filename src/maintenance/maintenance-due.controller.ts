import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Page } from '../common/http/pagination.js';
import { ApiPageResult } from '../common/openapi/api-result.decorator.js';
import { Clock } from '../common/time/clock.service.js';
import { parseInstant } from '../common/time/instants.js';
import { AppConfig } from '../config/app-config.js';
import { DueQuery } from './dto/due.query.js';
import { MaintenanceDueService } from './maintenance-due.service.js';
import { DueItemView } from './maintenance-views.js';

@ApiTags('maintenance')
@ApiBearerAuth()
@Controller('maintenance/due')
export class MaintenanceDueController {
  constructor(
    private readonly due: MaintenanceDueService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Plans due, or due within 7 days / the last 10% of their usage interval, with the reason. */
  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'Maintenance plans due or due soon (7 days, or the last 10% of their usage interval), with the reason' })
  @ApiPageResult(DueItemView)
  list(@Query() query: DueQuery): Promise<Page<DueItemView>> {
    const at = query.at ? parseInstant(query.at, this.config.timezone) : this.clock.now();
    if (!at) throw DomainError.validation([{ field: 'at', message: 'at must be an ISO 8601 date or date-time' }]);
    return this.due.listDue(query, at);
  }
}
