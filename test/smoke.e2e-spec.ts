import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('boots, logs the admin in and answers health', async () => {
    const admin = await loginAdmin(t);
    const me = await t.http().get('/api/auth/me').set(admin.auth);
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('admin');
    const health = await t.http().get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok' });
  });
});
