import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { RedisProbe } from './redis-probe.service.js';
import { ThrottledWarning } from './throttled-warning.js';

/**
 * Base of every processor: connection errors are logged (at most once a minute) instead of
 * printed by BullMQ, and shutdown is graceful while Redis answers but forced when it does not,
 * so a dead Redis never hangs a deploy.
 */
export abstract class FablabWorkerHost extends WorkerHost implements OnModuleDestroy {
  @Inject(RedisProbe) private readonly redisProbe!: RedisProbe;
  protected readonly logger = new Logger(this.constructor.name);
  private readonly connectionWarning = new ThrottledWarning(this.logger, 60_000);

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.connectionWarning.warn('worker error', error);
  }

  async onModuleDestroy(): Promise<void> {
    const reachable = await this.redisProbe.isReachable(1_000);
    await this.worker.close(!reachable);
  }
}
