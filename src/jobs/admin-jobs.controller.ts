import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { SWEEP_JOBS } from '../common/queues/queues.constants.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { SweepRunView } from './sweep-run-view.js';
import { SweepRunner } from './sweep-runner.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(private readonly runner: SweepRunner) {}

  /**
   * Runs a sweep now, in this process, and returns what it did (counts). Idempotent: what a
   * sweep records once is not recorded again. The notifications it records are delivered by the
   * workers.
   */
  @Post(':name/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a sweep now' })
  @ApiParam({ name: 'name', enum: SWEEP_JOBS })
  @ApiResult(SweepRunView)
  run(@Param('name') name: string): Promise<SweepRunView> {
    return this.runner.run(name);
  }
}
