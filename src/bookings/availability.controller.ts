import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../common/auth/decorators.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { AvailabilityView } from './availability-view.js';
import { AvailabilityService } from './availability.service.js';
import { AvailabilityQuery } from './dto/availability.query.js';

/** Part of the bookings feature, served under /machines. */
@ApiTags('bookings')
@ApiBearerAuth()
@Controller('machines')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get(':id/availability')
  @AnyRole()
  @ApiOperation({
    summary: 'Free intervals of a machine: opening hours minus confirmed bookings, closures and maintenance windows',
    description: 'Range: default now to 7 days later, at most 31 days. `free` starts no earlier than now and is empty while the machine is not available.',
  })
  @ApiResult(AvailabilityView)
  get(@Param('id', UuidPipe) id: string, @Query() query: AvailabilityQuery): Promise<AvailabilityView> {
    return this.availability.forMachine(id, query);
  }
}
