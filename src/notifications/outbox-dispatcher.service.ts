import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { MoreThan, type Repository } from 'typeorm';
import { JOBS, QUEUES } from '../common/queues/queues.constants.js';
import { ThrottledWarning } from '../common/queues/throttled-warning.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { OutboxEntry } from './outbox-entry.entity.js';

export interface DeliverJobData {
  outboxId: string;
}

export interface ReconcileOutcome {
  pending: number;
  enqueued: number;
  alreadyQueued: number;
  errors: number;
}

/** A job still scheduled as wanted is left alone; otherwise it is replaced. */
type EnqueueResult = 'enqueued' | 'present';

/** Enqueueing right after a commit gives up this fast: Redis down must not slow writes down. */
const AFTER_COMMIT_TIMEOUT_MS = 500;
const BATCH = 500;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

/**
 * The delay of a job due at `fireAt`. Real time, not the Clock: Redis counts a delay on its own
 * clock, and the worker's early check (NotificationDeliveryService.deliver) uses the same one.
 */
const delayUntil = (fireAt: number): number => Math.max(0, fireAt - Date.now());

/**
 * Puts outbox entries on the notifications queue: one job per entry, with the entry's
 * deterministic job id, delayed until it is due. Enqueueing is idempotent (a job already
 * scheduled as wanted is kept; a stale one — completed, failed, or planned for another time — is
 * replaced), so the reconcile sweep can offer every pending entry again after Redis lost them.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly warning = new ThrottledWarning(this.logger, 60_000);

  constructor(
    private readonly tx: TransactionRunner,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<DeliverJobData>,
  ) {}

  private get entries(): Repository<OutboxEntry> {
    return this.tx.manager.getRepository(OutboxEntry);
  }

  async enqueue(entry: OutboxEntry): Promise<EnqueueResult> {
    const fireAt = entry.dueAt.getTime();
    const existing = (await this.queue.getJob(entry.jobId)) as Job<DeliverJobData> | undefined;
    if (existing) {
      const state = await existing.getState();
      if (state === 'active') return 'present'; // it re-reads the entry when it runs
      const same = existing.data?.outboxId === entry.id;
      if (same && (state === 'waiting' || state === 'prioritized' || state === 'waiting-children')) return 'present';
      if (same && state === 'delayed' && Math.abs(existing.timestamp + existing.delay - Math.max(fireAt, existing.timestamp)) < 1_000) {
        return 'present';
      }
      try {
        await existing.remove();
      } catch {
        return 'present'; // locked by a worker right now: it will re-read the entry
      }
    }
    await this.queue.add(
      JOBS.deliverNotification,
      { outboxId: entry.id },
      { jobId: entry.jobId, delay: delayUntil(fireAt) },
    );
    return 'enqueued';
  }

  /** After a commit: bounded and never throwing; what fails is recorded and reconciled later. */
  async enqueueQuietly(entry: OutboxEntry): Promise<void> {
    try {
      await withTimeout(this.enqueue(entry), AFTER_COMMIT_TIMEOUT_MS);
    } catch (error) {
      this.warning.warn('could not enqueue a notification now; the reconcile sweep will', error);
    }
  }

  /**
   * Entries recorded with OutboxService.recordNew: their job ids are new (they name a cause born
   * in the committed transaction), so there is nothing to look up or replace — all are added in
   * one pipeline, one round trip. Bounded and never throwing, like enqueueQuietly.
   */
  async enqueueNewQuietly(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await withTimeout(
        this.queue.addBulk(
          entries.map((entry) => ({
            name: JOBS.deliverNotification,
            data: { outboxId: entry.id },
            opts: { jobId: entry.jobId, delay: delayUntil(entry.dueAt.getTime()) },
          })),
        ),
        AFTER_COMMIT_TIMEOUT_MS,
      );
    } catch (error) {
      this.warning.warn('could not enqueue notifications now; the reconcile sweep will', error);
    }
  }

  /** Removes the jobs of entries that became moot (best effort: the worker skips them anyway). */
  async dequeueQuietly(entries: Pick<OutboxEntry, 'id' | 'jobId'>[]): Promise<void> {
    try {
      await withTimeout(
        (async () => {
          for (const entry of entries) {
            const job = (await this.queue.getJob(entry.jobId)) as Job<DeliverJobData> | undefined;
            if (job && job.data?.outboxId === entry.id && !(await job.isActive())) await job.remove().catch(() => undefined);
          }
        })(),
        AFTER_COMMIT_TIMEOUT_MS * 4,
      );
    } catch (error) {
      this.warning.warn('could not remove moot notification jobs now; workers will skip them', error);
    }
  }

  /**
   * Offers every pending entry to the queue again: what Redis lost (down when it was recorded,
   * flushed, restarted without persistence) is enqueued, what it holds is left alone.
   */
  async reconcile(): Promise<ReconcileOutcome> {
    const outcome: ReconcileOutcome = { pending: 0, enqueued: 0, alreadyQueued: 0, errors: 0 };
    let after = '';
    for (;;) {
      const batch = await this.entries.find({
        where: { status: 'pending', id: MoreThan(after) },
        order: { id: 'ASC' },
        take: BATCH,
      });
      for (const entry of batch) {
        outcome.pending++;
        try {
          if ((await this.enqueue(entry)) === 'enqueued') outcome.enqueued++;
          else outcome.alreadyQueued++;
        } catch (error) {
          outcome.errors++;
          if (outcome.errors === 1) this.warning.warn('reconcile could not enqueue', error);
        }
      }
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1].id;
    }
    if (outcome.enqueued > 0) this.logger.log(outcome, 'reconcile re-enqueued pending notifications');
    return outcome;
  }
}
