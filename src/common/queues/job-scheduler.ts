import type { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import type { JobSchedulerTemplateOptions, Queue, RepeatOptions } from 'bullmq';

export interface SchedulerSpec {
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  jobName: string;
  opts?: JobSchedulerTemplateOptions;
}

export interface KeepSchedulersOptions {
  /** How often to check that the schedulers still exist in Redis (a flush removes them). */
  checkEveryMs?: number;
  /**
   * Called once the schedulers are registered for the first time, and again whenever Redis comes
   * back after being unreachable or the schedulers had vanished: the moment to reconcile what was
   * recorded in the database while Redis could not take it.
   */
  onRestored?: () => void | Promise<void>;
  /** Schedulers switched off (SCHEDULED_SWEEPS=off): removed from Redis whenever the others are registered. */
  removed?: string[];
}

const RETRY_MS = 10_000;

/**
 * Upserts job schedulers (idempotent: every worker instance may call it, Redis keeps one) and
 * keeps them there: while Redis is unreachable it retries in the background; afterwards it checks
 * periodically, and at once when the queue's connection becomes ready again, that they still
 * exist (a flushed or restarted Redis without persistence loses them) and re-upserts them.
 * `stop()` ends it all.
 */
export function keepSchedulersUpserted(
  queue: Queue,
  specs: SchedulerSpec[],
  logger: Logger,
  options: KeepSchedulersOptions = {},
) {
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running = false;
  let again = false;
  /** Whether the last attempt reached Redis with the schedulers in place. */
  let healthy = false;
  let warned = false;

  const upsertAll = async () => {
    for (const spec of specs) {
      await queue.upsertJobScheduler(spec.id, spec.repeat, { name: spec.jobName, data: {}, opts: spec.opts });
    }
    for (const id of options.removed ?? []) await queue.removeJobScheduler(id);
  };

  const allPresent = async () => {
    for (const spec of specs) {
      if (!(await queue.getJobScheduler(spec.id))) return false;
    }
    return true;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
    timer.unref();
  };

  const attempt = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    let restored = false;
    try {
      if (!healthy || !(await allPresent())) {
        if (healthy) logger.warn({ queue: queue.name }, 'job schedulers missing (Redis flushed?), registering them again');
        await upsertAll();
        restored = true;
      }
      healthy = true;
      schedule(checkEveryMs);
    } catch (error) {
      // Once per outage: while Redis is down this retries every 10 s.
      if (healthy || !warned) {
        logger.warn({ queue: queue.name, err: (error as Error).message }, 'job schedulers not registered yet, retrying');
        warned = true;
      }
      healthy = false;
      schedule(RETRY_MS);
    } finally {
      running = false;
    }
    if (restored && options.onRestored && !stopped) {
      try {
        await options.onRestored();
      } catch (error) {
        logger.warn({ queue: queue.name, err: (error as Error).message }, 'after-restore work failed');
      }
    }
    if (again && !stopped) {
      again = false;
      await attempt();
    }
  };

  // The connection emits 'ready' again after a reconnection: check at once rather than at the next tick.
  const backend = queue.getBackend() as unknown as EventEmitter;
  const onReady = () => {
    healthy = false;
    void attempt();
  };
  backend.on('ready', onReady);

  void attempt();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      backend.off('ready', onReady);
    },
  };
}
