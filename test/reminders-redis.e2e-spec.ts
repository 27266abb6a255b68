import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES, SCHEDULERS } from '../src/common/queues/queues.constants.js';
import { makeMachine } from './factories/machines.js';
import { inbox, notificationRows, outboxEntries, sleep, waitForInbox, waitForOutboxSettled } from './factories/notifications.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { waitFor } from './helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** A Redis of this test's own (never the machine's shared one): no persistence, so a restart is also a flush. */
class OwnRedis {
  private child: ChildProcess | null = null;
  readonly port = 21_000 + Math.floor(Math.random() * 20_000);
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child && this.child.exitCode === null) return;
    this.child = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], {
      stdio: 'ignore',
    });
    await waitFor(async () => {
      const client = new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    }, 10_000, 'own redis-server');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }
}

describe('Redis stopped and restarted: nothing lost, nothing twice', () => {
  const redis = new OwnRedis();
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: Session;
  let facilitator: Session & { user: { id: string; email?: string } };

  beforeAll(async () => {
    await redis.start();
    smtp = await startSmtpServer();
    t = await createTestApp({ REDIS_URL: redis.url, SMTP_URL: smtp.url, SCHEDULED_SWEEPS: 'on' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
  });
  afterAll(async () => {
    // Closing while connections are still reconnecting can leave one retrying for ever: let them settle.
    await redis.start().catch(() => undefined);
    await waitFor(async () => (await t.http().get('/api/health')).status === 200, 20_000, 'health').catch(() => undefined);
    await t.close();
    await redis.stop();
    await smtp.close();
  });

  const setStatus = (machineId: string, status: string, reason: string) =>
    t.http().post(`/api/machines/${machineId}/status`).set(facilitator.auth).send({ status, reason });

  it('writes keep succeeding while Redis is down; once back, the backlog is delivered exactly once', async () => {
    const machine = await makeMachine(t, facilitator, { name: 'Découpeuse vinyle Roland' });
    await setStatus(machine.id, 'out_of_order', 'Avant la coupure').expect(200);
    await waitForInbox(t, facilitator, 'machine_down', 1, (n) => n.data.machineId === machine.id);
    await waitForOutboxSettled(t, { kind: 'machine_down' }, (e) => e.data.machineId === machine.id);
    await t.http().get('/api/health').expect(200);

    const other = await makeMachine(t, facilitator, { name: 'Scie à chantourner' });
    const ours = (e: { data: Record<string, unknown> }) => e.data.machineId === machine.id || e.data.machineId === other.id;

    await redis.stop();
    // Writes succeed in their usual time; what they must notify is recorded, not lost.
    const started = Date.now();
    await setStatus(machine.id, 'available', 'Pendant la coupure 1').expect(200);
    await setStatus(other.id, 'out_of_order', 'Pendant la coupure 2').expect(200);
    expect(Date.now() - started).toBeLessThan(2_500);
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.checks.redis.status).toBe('down');
    const backlog = (await outboxEntries(t, {})).filter((e) => ours(e) && e.status === 'pending');
    expect(backlog.map((e) => e.kind).sort()).toEqual(['machine_back', 'machine_down']);
    await sleep(500);
    expect((await inbox(t, facilitator)).filter(ours)).toHaveLength(1);

    // Back, empty (no persistence: a flush too). The worker re-registers its schedulers and reconciles.
    await redis.start();
    const settled = await waitForOutboxSettled(t, {}, (e) => backlog.some((b) => b.id === e.id));
    expect(settled.every((e) => e.status === 'sent')).toBe(true);
    const mine = (await inbox(t, facilitator)).filter(ours);
    expect(mine.map((n) => n.kind).sort()).toEqual(['machine_back', 'machine_down', 'machine_down']);
    for (const entry of backlog) {
      const rows = await notificationRows(t, { outboxId: entry.id });
      expect(new Set(rows.map((r) => r.userId)).size).toBe(rows.length);
    }
    const email = (facilitator.user as { email: string }).email;
    // machine_down is e-mailed by default, machine_back is not.
    await waitFor(() => smtp.to(email).some((m) => m.text.includes(other.code)), 10_000, 'e-mail of the backlog');

    // A later reconcile finds nothing to do, and nothing is delivered twice.
    const again = await t.http().post('/api/admin/jobs/reminder-reconcile/run').set(admin.auth).expect(200);
    expect(again.body.outcome).toMatchObject({ enqueued: 0 });
    await sleep(500);
    expect((await inbox(t, facilitator)).filter(ours)).toHaveLength(3);
    expect(smtp.to(email).filter((m) => m.text.includes(machine.code))).toHaveLength(1);
    expect(smtp.to(email).filter((m) => m.text.includes(other.code))).toHaveLength(1);

    // The job schedulers are back in the restarted Redis.
    const sweeps = t.app.get<Queue>(getQueueToken(QUEUES.sweeps));
    await waitFor(async () => Boolean(await sweeps.getJobScheduler(SCHEDULERS.reminderReconcile)), 10_000, 'schedulers');
    expect(await sweeps.getJobScheduler(SCHEDULERS.targetDigest)).toMatchObject({ pattern: '0 8 * * 1', tz: 'Europe/Paris' });
    await t.http().get('/api/health').expect(200);
  }, 60_000);
});
