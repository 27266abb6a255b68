import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../common/auth/decorators.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { HealthView } from './health-view.js';
import { LivenessView } from './liveness-view.js';
import { RedisHealthIndicator } from './redis-health.indicator.js';

type CheckResult = Record<string, unknown> & { status: string };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Readiness: database, Redis and queues. 503 names the failing check. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness: database, Redis and queues (for a load balancer)' })
  @ApiResult(HealthView, 'every check is up')
  @ApiResponse({ status: 503, type: HealthView, description: 'a check is down: it says which' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const results: HealthIndicatorResult[] = await Promise.all([
      Promise.resolve(this.database.pingCheck('database', { timeout: 1_500 })).catch(
        (error: Error): HealthIndicatorResult => ({ database: { status: 'down', message: error.message } }),
      ),
      this.redis.redis('redis'),
      this.redis.queueCounts('queues'),
    ]);
    const checks = Object.assign({}, ...results) as Record<string, CheckResult>;
    const ok = Object.values(checks).every((check) => check.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', checks };
  }

  /** Liveness: the process answers. */
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers (200 always, even while shutting down)' })
  @ApiResult(LivenessView)
  live(): LivenessView {
    return { status: 'ok' };
  }
}
