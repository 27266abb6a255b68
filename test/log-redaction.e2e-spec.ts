import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, waitFor } from './helpers/processes.js';
import { flushQueuePrefix, TEST_REDIS_URL } from './helpers/test-app.js';

/**
 * Secrets never reach the logs: the real process at LOG_LEVEL=info, its request log read back
 * after requests that carry a calendar feed token (in the path), an access token (the queue
 * dashboard's ?token=) and an activation code (?code=, as the web app's activation link has).
 */
describe('request logs hold no secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fablab-logs-'));
  const prefix = `test-logs-${randomBytes(4).toString('hex')}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof startServer>;

  beforeAll(async () => {
    server = startServer({
      DATABASE_URL: `sqlite:${join(dir, 'logs.sqlite')}`,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATA_DIR: dir,
      ADMIN_PASSWORD: 'logs-admin-password',
      PORT: String(port),
      RUN_MODE: 'api',
      SCHEDULED_SWEEPS: 'off',
    });
    await waitFor(async () => (await fetch(`${base}/api/health/live`).catch(() => null))?.ok === true, 30_000, 'API');
  });
  afterAll(async () => {
    await server.stop();
    await flushQueuePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the calendar path, the dashboard and any ?code= / ?token= without their secret', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'logs-admin-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const feed = (await (await fetch(`${base}/api/me/calendar-token`, { method: 'POST', headers: auth })).json()) as { token: string };
    expect((await fetch(`${base}/api/calendar/${feed.token}.ics`)).status).toBe(200);
    // Express routes ignore case and a trailing slash: these reach the feed too.
    expect((await fetch(`${base}/API/Calendar/${feed.token}.ics`)).status).toBe(200);
    expect((await fetch(`${base}/api/calendar/${feed.token}.ics/`)).status).toBe(200);
    expect((await fetch(`${base}/api/admin/queues?token=${accessToken}`, { redirect: 'manual' })).status).toBe(303);
    const code = 'SECRETCODE1234';
    await fetch(`${base}/activer?code=${code}`);
    await fetch(`${base}/api/auth/me?token=${accessToken}&code=${code}`);

    await waitFor(() => server.output().includes('/api/calendar/[redacted].ics'), 10_000, 'the feed request in the log');
    const logs = server.output();
    for (const secret of [feed.token, accessToken, code]) expect(logs.includes(secret)).toBe(false);
  });
});
