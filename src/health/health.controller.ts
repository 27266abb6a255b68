import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../common/auth/decorators.js';
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
  async check(@Res({ passthrough: true }) res: Response) {
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
  live() {
    return { status: 'ok' };
  }
}
