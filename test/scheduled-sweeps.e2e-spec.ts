import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES, SCHEDULERS, SWEEP_JOBS, SWEEP_SCHEDULES } from '../src/common/queues/queues.constants.js';
import { redisOptionsFrom } from '../src/common/queues/redis-options.js';
import { waitFor } from './helpers/processes.js';
import { createTestApp, flushQueuePrefix, TEST_REDIS_URL, type TestApp } from './helpers/test-app.js';

/** The calendar schedulers: every sweep with a cron pattern (the reconcile runs every 5 minutes). */
const CALENDAR = SWEEP_JOBS.filter((name) => SWEEP_SCHEDULES[name].pattern).map((name) => SWEEP_SCHEDULES[name].scheduler);

describe('SCHEDULED_SWEEPS', () => {
  let t: TestApp | undefined;
  const queues: Queue[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  });

  it('on: the daily sweeps, the Monday digest and the nightly purge are scheduled in APP_TIMEZONE', async () => {
    t = await createTestApp({ SCHEDULED_SWEEPS: 'on' });
    const sweeps = t.app.get<Queue>(getQueueToken(QUEUES.sweeps));
    const housekeeping = t.app.get<Queue>(getQueueToken(QUEUES.housekeeping));
    await waitFor(async () => Boolean(await housekeeping.getJobScheduler(SCHEDULERS.purgeRefreshTokens)), 10_000, 'purge scheduler');
    await waitFor(async () => (await sweeps.getJobSchedulers()).length === SWEEP_JOBS.length, 10_000, 'sweep schedulers');
    expect(await sweeps.getJobScheduler(SCHEDULERS.maintenanceDue)).toMatchObject({ pattern: '0 6 * * *', tz: 'Europe/Paris' });
  });

  it('off (what the tests use): only the reconcile is scheduled, and schedulers left by an earlier run are removed', async () => {
    const prefix = `test-sched-${randomBytes(4).toString('hex')}`;
    // As an instance with the sweeps on left them in Redis.
    const connection = redisOptionsFrom(TEST_REDIS_URL);
    const earlier = new Queue(QUEUES.sweeps, { connection, prefix });
    const earlierHousekeeping = new Queue(QUEUES.housekeeping, { connection, prefix });
    queues.push(earlier, earlierHousekeeping);
    await earlier.upsertJobScheduler(SCHEDULERS.targetDigest, { pattern: '0 8 * * 1' }, { name: JOBS.targetDigest });
    await earlierHousekeeping.upsertJobScheduler(SCHEDULERS.purgeRefreshTokens, { pattern: '0 3 * * *' }, { name: JOBS.purgeRefreshTokens });

    try {
      t = await createTestApp({ QUEUE_PREFIX: prefix });
      expect(t.config.scheduledSweeps).toBe(false);
      const sweeps = t.app.get<Queue>(getQueueToken(QUEUES.sweeps));
      const housekeeping = t.app.get<Queue>(getQueueToken(QUEUES.housekeeping));
      await waitFor(async () => Boolean(await sweeps.getJobScheduler(SCHEDULERS.reminderReconcile)), 10_000, 'reconcile scheduler');
      await waitFor(async () => !(await sweeps.getJobScheduler(SCHEDULERS.targetDigest)), 10_000, 'digest scheduler removed');
      await waitFor(async () => !(await housekeeping.getJobScheduler(SCHEDULERS.purgeRefreshTokens)), 10_000, 'purge scheduler removed');
      for (const id of CALENDAR) expect(await sweeps.getJobScheduler(id)).toBeFalsy();
      expect((await sweeps.getJobSchedulers()).map((s) => s.key)).toEqual([SCHEDULERS.reminderReconcile]);
    } finally {
      await flushQueuePrefix(prefix);
    }
  });
});
