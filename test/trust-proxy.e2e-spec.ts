import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACCOUNT_FREE_ATTEMPTS } from '../src/auth/login-throttle.service.js';
import { makeParticipant } from './factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from './factories/users.js';
import { loginAdmin } from './helpers/auth.js';
import { loadConfig } from '../src/config/app-config.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './helpers/test-app.js';

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

  it('the activation link (API and QR page) follows the forwarded scheme and host only when the proxy is trusted', async () => {
    const viaProxy = await loginAdmin(proxied);
    const person = await makeParticipant(proxied, viaProxy);
    const issued = await proxied.http().post(`/api/participants/${person.id}/account`).set(viaProxy.auth).set(FORWARDED).send();
    expect(issued.status).toBe(201);
    expect(issued.body.activationUrl).toMatch(/^https:\/\/fablab\.example\.org\/activer\?code=/);

    const notTrusted = await loginAdmin(direct);
    const other = await makeParticipant(direct, notTrusted);
    const plain = await direct.http().post(`/api/participants/${other.id}/account`).set(notTrusted.auth).set(FORWARDED).send();
    expect(plain.body.activationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/activer\?code=/);
  });

  it('a page form posted through the proxy is accepted (its Origin is the forwarded host) and the session cookies are Secure', async () => {
    const cookies = new Map<string, string>();
    const keep = (res: { headers: Record<string, unknown> }) => {
      for (const header of (res.headers['set-cookie'] as string[] | undefined) ?? []) {
        const [pair] = header.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return res.headers['set-cookie'] as string[] | undefined;
    };
    const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const form = await proxied.http().get('/connexion').set(FORWARDED);
    expect(keep(form)?.join('\n')).toMatch(/;\s*Secure/i);
    const csrf = (form.text.match(/name="_csrf" value="([^"]+)"/) as RegExpMatchArray)[1];
    const signedIn = await proxied
      .http()
      .post('/connexion')
      .set(FORWARDED)
      .set('Origin', 'https://fablab.example.org')
      .set('Cookie', cookieHeader())
      .type('form')
      .send(new URLSearchParams({ _csrf: csrf, login: 'admin', password: ADMIN_PASSWORD }).toString());
    expect(signedIn.status).toBe(303);
    const set = keep(signedIn) ?? [];
    expect(set.find((header) => header.startsWith('fablab_session='))).toMatch(/;\s*Secure/i);
    // Another site's Origin is still refused through the proxy.
    const forged = await proxied
      .http()
      .post('/connexion')
      .set(FORWARDED)
      .set('Origin', 'https://evil.example')
      .set('Cookie', cookieHeader())
      .type('form')
      .send(new URLSearchParams({ _csrf: csrf, login: 'admin', password: ADMIN_PASSWORD }).toString());
    expect(forged.status).toBe(403);
  });

  it('slows guesses at one account from many forwarded addresses (429 with Retry-After once its free attempts are spent); another account is unaffected; the right password works after the delay', async () => {
    const admin = await loginAdmin(proxied);
    const account = async () => (await makeStaff(proxied, admin, 'facilitator')).user as unknown as { username: string };
    const [target, bystander] = [await account(), await account()];
    const login = (address: string, username: string, password: string) =>
      proxied.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ login: username, password });

    // Each guess from an address of its own: the per-address limit (10 per address and account) never applies.
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) expect((await login(`198.51.100.${i + 1}`, target.username, 'wrong-guess')).status).toBe(401);
    // Beyond them, one guess at a time is checked and closes the account's gate for a growing delay.
    // Sent together, from three more addresses, so that none waits on another's password check
    // (the gate counts real seconds): one is checked, the others are refused with Retry-After.
    const beyond = await Promise.all(['198.51.100.200', '198.51.100.201', '198.51.100.202'].map((address) => login(address, target.username, 'wrong-guess')));
    expect(beyond.map((res) => res.status).sort()).toEqual([401, 429, 429]);
    const refused = beyond.filter((res) => res.status === 429);
    for (const res of refused) {
      expect(res.body).toMatchObject({ error: 'TOO_MANY_REQUESTS', details: { retryAfter: expect.any(Number) } });
      expect(res.headers['retry-after']).toBe(String(res.body.details.retryAfter));
    }
    const retryAfter = Math.max(...refused.map((res) => Number(res.headers['retry-after'])));

    // Another account, even from the addresses the guesses came from, is not slowed.
    for (const address of ['198.51.100.1', '198.51.100.201']) expect((await login(address, bystander.username, STAFF_PASSWORD)).status).toBe(200);

    // The throttle counts in Redis with real expiry times (not the app's Clock): waiting what
    // Retry-After says, as a client would, is the delay itself (1 to 4 s here).
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    const after = await login('192.0.2.10', target.username, STAFF_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.body.accessToken).toEqual(expect.any(String));
  });

  it('refuses a TRUST_PROXY that is no proxy setting, and reads the others', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});
