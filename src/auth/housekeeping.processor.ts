import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { FablabWorkerHost } from '../common/queues/fablab-worker-host.js';
import { keepSchedulersUpserted } from '../common/queues/job-scheduler.js';
import { JOBS, QUEUES, SCHEDULERS } from '../common/queues/queues.constants.js';
import { RefreshTokensService } from './refresh-tokens.service.js';

export type JobOutcome = { status: 'done' | 'skipped'; count?: number };

/** Daily housekeeping of the auth tables. Runs only where RUN_MODE includes workers. */
@Processor(QUEUES.housekeeping)
export class HousekeepingProcessor extends FablabWorkerHost implements OnApplicationBootstrap {
  private schedulers?: { stop: () => void };

  constructor(
    private readonly refreshTokens: RefreshTokensService,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.housekeeping) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const purge = {
      id: SCHEDULERS.purgeRefreshTokens,
      repeat: { pattern: '0 3 * * *', tz: this.config.timezone },
      jobName: JOBS.purgeRefreshTokens,
    };
    // SCHEDULED_SWEEPS=off: the nightly purge runs only when asked.
    this.schedulers = this.config.scheduledSweeps
      ? keepSchedulersUpserted(this.queue, [purge], this.logger)
      : keepSchedulersUpserted(this.queue, [], this.logger, { removed: [purge.id] });
  }

  override async onModuleDestroy(): Promise<void> {
    this.schedulers?.stop();
    await super.onModuleDestroy();
  }

  async process(job: Job): Promise<JobOutcome> {
    switch (job.name) {
      case JOBS.purgeRefreshTokens:
        return { status: 'done', count: await this.refreshTokens.purgeExpired() };
      default:
        this.logger.warn({ job: job.name }, 'unknown job');
        return { status: 'skipped' };
    }
  }
}
