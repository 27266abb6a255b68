import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { JOBS, QUEUES } from '../common/queues/queues.constants.js';
import { FablabWorkerHost } from '../common/queues/fablab-worker-host.js';
import type { DeliverJobData } from './outbox-dispatcher.service.js';
import { type DeliveryOutcome, NotificationDeliveryService } from './notification-delivery.service.js';

/** Delivers outbox entries when their job fires. Thin: the service decides and is idempotent. */
@Processor(QUEUES.notifications, { concurrency: 4 })
export class NotificationDeliveryProcessor extends FablabWorkerHost {
  constructor(private readonly delivery: NotificationDeliveryService) {
    super();
  }

  async process(job: Job<DeliverJobData>, token?: string): Promise<DeliveryOutcome> {
    switch (job.name) {
      case JOBS.deliverNotification: {
        const outcome = await this.delivery.deliver(job.data.outboxId);
        if (outcome.status === 'early' && token) {
          // Planned for later meanwhile (a booking moved): wait until then, same job.
          await job.moveToDelayed(outcome.dueAt.getTime(), token);
          throw new DelayedError();
        }
        return outcome;
      }
      default:
        this.logger.warn({ job: job.name }, 'unknown job');
        return { status: 'skipped', reason: 'unknown job' };
    }
  }

  /** After the last attempt the entry is marked failed (visible in the dashboard and the outbox). */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<DeliverJobData> | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JOBS.deliverNotification) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    try {
      await this.delivery.markFailed(job.data.outboxId, error.message);
    } catch (markError) {
      this.logger.warn({ err: (markError as Error).message }, 'could not mark a failed delivery');
    }
  }
}
