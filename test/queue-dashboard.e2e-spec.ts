import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeLearner } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const BASE = '/api/admin/queues';

const expectError = (res: { status: number; body: Record<string, unknown> }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ statusCode: status, error: code, message: expect.any(String), requestId: expect.any(String) });
};

describe('queue dashboard (/api/admin/queues)', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    learner = await makeLearner(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Opens the dashboard with ?token= and returns the cookie it sets. */
  async function open(session: Session): Promise<string> {
    const res = await t.http().get(`${BASE}?token=${session.accessToken}`);
    expect(res.status).toBe(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
    return cookie.split(';')[0];
  }

  it('without credentials: 401 in the contract’s error shape, for the page, its assets and its API', async () => {
    for (const path of [BASE, `${BASE}/`, `${BASE}/api/queues`, `${BASE}/static/js/main.js`]) {
      expectError(await t.http().get(path), 401, 'UNAUTHENTICATED');
    }
  });

  it('refuses a bad or expired token (401), and anyone but an admin (403), without setting a cookie', async () => {
    const bad = await t.http().get(`${BASE}?token=not-a-jwt`);
    expectError(bad, 401, 'UNAUTHENTICATED');
    expect(bad.headers['set-cookie']).toBeUndefined();
    for (const session of [facilitator, learner]) {
      const res = await t.http().get(`${BASE}?token=${session.accessToken}`);
      expectError(res, 403, 'FORBIDDEN');
      expect(res.headers['set-cookie']).toBeUndefined();
      expectError(await t.http().get(`${BASE}/api/queues`).set(session.auth), 403, 'FORBIDDEN');
      expectError(await t.http().get(`${BASE}/api/queues`).set('cookie', `fablab_queues=${session.accessToken}`), 403, 'FORBIDDEN');
    }
    expectError(await t.http().get(BASE).set('cookie', 'fablab_queues=forged.token.value'), 401, 'UNAUTHENTICATED');
  });

  it('an admin’s ?token= becomes a short-lived HttpOnly, SameSite=Strict cookie for this path, then the token leaves the URL', async () => {
    const res = await t.http().get(`${BASE}?token=${admin.accessToken}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(BASE);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^fablab_queues=/);
    expect(cookie).toMatch(/; Path=\/api\/admin\/queues/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(15 * 60);
  });

  it('with the cookie, the admin gets the board and its API (every queue listed)', async () => {
    const cookie = await open(admin);
    const page = await t.http().get(`${BASE}/`).set('cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Dynamo Fablab');
    const api = await t.http().get(`${BASE}/api/queues`).set('cookie', cookie);
    expect(api.status).toBe(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['housekeeping', 'notifications', 'sweeps']);
    // A bearer header works too (scripts).
    expect((await t.http().get(`${BASE}/api/queues`).set(admin.auth)).status).toBe(200);
  });

  it('a deactivated admin’s cookie stops working at once', async () => {
    const other = await makeStaff(t, admin, 'admin');
    const cookie = await open(other);
    expect((await t.http().get(`${BASE}/api/queues`).set('cookie', cookie)).status).toBe(200);
    await t.http().delete(`/api/users/${other.user.id}`).set(admin.auth).expect(200);
    expectError(await t.http().get(`${BASE}/api/queues`).set('cookie', cookie), 401, 'UNAUTHENTICATED');
  });
});
