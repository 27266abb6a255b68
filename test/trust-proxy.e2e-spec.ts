import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin } from './helpers/auth.js';
import { loadConfig } from '../src/config/app-config.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'fablab.example.org', 'x-forwarded-for': '203.0.113.7' };

/** Behind a reverse proxy (TRUST_PROXY): built URLs use the client's scheme and host, cookies are Secure over HTTPS. */
describe('TRUST_PROXY', () => {
  let proxied: TestApp;
  let direct: TestApp;

  beforeAll(async () => {
    proxied = await createTestApp({ TRUST_PROXY: 'loopback' });
    direct = await createTestApp();
  });
  afterAll(async () => {
    await proxied.close();
    await direct.close();
  });

  it('the calendar feed URL follows the forwarded scheme and host only when the proxy is trusted', async () => {
    const viaProxy = await loginAdmin(proxied);
    const url = (await proxied.http().post('/api/me/calendar-token').set(viaProxy.auth).set(FORWARDED).send()).body.url as string;
    expect(url).toMatch(/^https:\/\/fablab\.example\.org\/api\/calendar\/[^/]+\.ics$/);

    const notTrusted = await loginAdmin(direct);
    const plain = (await direct.http().post('/api/me/calendar-token').set(notTrusted.auth).set(FORWARDED).send()).body.url as string;
    expect(plain).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\//);
  });

  it('the queue dashboard cookie is Secure when the client came over HTTPS through the proxy', async () => {
    const admin = await loginAdmin(proxied);
    const secure = await proxied.http().get(`/api/admin/queues?token=${admin.accessToken}`).set(FORWARDED).redirects(0);
    expect(secure.status).toBe(303);
    expect(String(secure.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    const directAdmin = await loginAdmin(direct);
    const insecure = await direct.http().get(`/api/admin/queues?token=${directAdmin.accessToken}`).set(FORWARDED).redirects(0);
    expect(String(insecure.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('refuses a TRUST_PROXY that is no proxy setting, and reads the others', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});
