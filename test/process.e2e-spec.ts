import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../src/common/queues/queues.constants.js';
import { redisOptionsFrom } from '../src/common/queues/redis-options.js';
import { exitOf, startServer, waitFor } from './helpers/processes.js';
import { createTestDatabase, flushQueuePrefix, TEST_REDIS_URL, type TestDatabase } from './helpers/test-app.js';

describe('the real process (node dist/main.js)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fablab-process-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://x'],
    ['APP_TIMEZONE', 'Nowhere/City'],
  ])('stops at once on %s=%s with one line naming the variable', async (name, value) => {
    const server = startServer({ [name]: value, DATA_DIR: dir });
    const code = await exitOf(server);
    expect(code).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });

  describe('API and worker as separate processes', () => {
    let database: TestDatabase;
    const prefix = `test-proc-${randomBytes(4).toString('hex')}`;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    let env: Record<string, string>;

    beforeAll(async () => {
      database = await createTestDatabase(`sqlite:${join(dir, 'proc.sqlite')}`);
      env = {
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        DATA_DIR: dir,
        ADMIN_PASSWORD: 'process-admin-pw',
        PORT: String(port),
      };
    });
    afterAll(async () => {
      await flushQueuePrefix(prefix);
      await database.drop();
    });

    it('RUN_MODE=api serves HTTP; RUN_MODE=worker serves none but processes the jobs', async () => {
      const api = startServer({ ...env, RUN_MODE: 'api' });
      try {
        await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health/live`).catch(() => null))?.ok === true, 30_000, 'API');
        const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'admin', password: 'process-admin-pw' }),
        });
        expect(login.status).toBe(200);
      } finally {
        expect(await api.stop()).toBe(0); // graceful shutdown on SIGTERM
      }

      const worker = startServer({ ...env, RUN_MODE: 'worker', PORT: String(port + 1) });
      const queue = new Queue(QUEUES.housekeeping, { connection: redisOptionsFrom(TEST_REDIS_URL), prefix });
      try {
        await waitFor(() => worker.output().includes('worker started'), 30_000, 'worker start');
        const noHttp = await fetch(`http://127.0.0.1:${port + 1}/api/health/live`).catch(() => null);
        expect(noHttp).toBeNull();
        const job = await queue.add(JOBS.purgeRefreshTokens, {});
        await waitFor(async () => (await job.isCompleted()) === true, 20_000, 'job completion');
        const done = await queue.getJob(job.id!);
        expect(done?.returnvalue).toEqual({ status: 'done', count: 0 });
      } finally {
        await queue.close();
        expect(await worker.stop()).toBe(0);
      }
    });

    it('SIGTERM under load: running requests finish, later ones get 503 SERVICE_UNAVAILABLE, none fails', async () => {
      const api = startServer({ ...env, RUN_MODE: 'api', PORT: String(port + 2) });
      const base = `http://127.0.0.1:${port + 2}/api`;
      try {
        await waitFor(async () => (await fetch(`${base}/health/live`).catch(() => null))?.ok === true, 30_000, 'API');
        const login = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'admin', password: 'process-admin-pw' }),
        });
        const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
        // Eight clients on keep-alive connections, each asking again as soon as answered, until the
        // server is gone (a refused connection is not an answer: it only means "closed").
        const answers: Array<{ status: number; error?: string }> = [];
        let stopped = false;
        const client = async () => {
          while (!stopped) {
            const res = await fetch(`${base}/machines?limit=50`, { headers: auth }).catch(() => null);
            if (!res) break;
            const body = (await res.json()) as { error?: string };
            answers.push({ status: res.status, error: body.error });
          }
        };
        const clients = Array.from({ length: 8 }, client);
        await waitFor(() => answers.length >= 50, 20_000, 'load');
        const exit = api.stop();
        expect(await exit).toBe(0);
        stopped = true;
        await Promise.all(clients);
        const statuses = new Set(answers.map((a) => a.status));
        expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
        expect(answers.filter((a) => a.status === 503).every((a) => a.error === 'SERVICE_UNAVAILABLE')).toBe(true);
        expect(api.output()).not.toMatch(/Unhandled error/);
      } finally {
        await api.stop();
      }
    }, 60_000);
  });
});
