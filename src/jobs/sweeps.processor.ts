import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { FablabWorkerHost } from '../common/queues/fablab-worker-host.js';
import { keepSchedulersUpserted } from '../common/queues/job-scheduler.js';
import { QUEUES, SWEEP_JOB_OPTIONS, SWEEP_JOBS, SWEEP_SCHEDULES } from '../common/queues/queues.constants.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { type SweepOutcome, SweepRunner } from './sweep-runner.service.js';

/** How often a worker checks that the schedulers survive (a flushed Redis loses them). */
const SCHEDULER_CHECK_MS = 30_000;

/**
 * Runs the sweeps on their job schedulers (APP_TIMEZONE), registered by every worker (Redis
 * keeps one of each) and re-registered when Redis lost them. Whenever a worker reaches Redis
 * again it reconciles at once: what was recorded while Redis was away gets delivered.
 */
@Processor(QUEUES.sweeps)
export class SweepsProcessor extends FablabWorkerHost implements OnApplicationBootstrap {
  private schedulers?: { stop: () => void };

  constructor(
    private readonly runner: SweepRunner,
    private readonly dispatcher: OutboxDispatcher,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.sweeps) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // SCHEDULED_SWEEPS=off: the calendar sweeps run only when asked; the reconcile always runs.
    const scheduled = (name: (typeof SWEEP_JOBS)[number]) => this.config.scheduledSweeps || !SWEEP_SCHEDULES[name].pattern;
    this.schedulers = keepSchedulersUpserted(
      this.queue,
      SWEEP_JOBS.filter(scheduled).map((name) => {
        const schedule = SWEEP_SCHEDULES[name];
        return {
          id: schedule.scheduler,
          repeat: schedule.pattern ? { pattern: schedule.pattern, tz: this.config.timezone } : { every: schedule.every },
          jobName: name,
          opts: SWEEP_JOB_OPTIONS,
        };
      }),
      this.logger,
      {
        removed: SWEEP_JOBS.filter((name) => !scheduled(name)).map((name) => SWEEP_SCHEDULES[name].scheduler),
        checkEveryMs: SCHEDULER_CHECK_MS,
        onRestored: async () => {
          await this.dispatcher.reconcile();
        },
      },
    );
  }

  override async onModuleDestroy(): Promise<void> {
    this.schedulers?.stop();
    await super.onModuleDestroy();
  }

  async process(job: Job): Promise<SweepOutcome> {
    return (await this.runner.run(job.name)).outcome;
  }
}
