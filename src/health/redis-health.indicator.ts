import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from '../common/queues/queues.constants.js';
import { RedisProbe } from '../common/queues/redis-probe.service.js';

const TIMEOUT_MS = 1_500;

const withTimeout = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), TIMEOUT_MS).unref()),
  ]);

/** Redis (a bounded PING) and each queue's job counts. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    private readonly probe: RedisProbe,
  ) {}

  async redis(key = 'redis') {
    const indicator = this.indicators.check(key);
    try {
      await this.probe.ping(TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async queueCounts(key = 'queues') {
    const indicator = this.indicators.check(key);
    try {
      const counts: Record<string, Record<string, number>> = {};
      for (const name of ALL_QUEUES) {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        counts[name] = await withTimeout(queue.getJobCounts('waiting', 'active', 'delayed', 'failed'), `queue ${name}`);
      }
      return indicator.up({ counts });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
