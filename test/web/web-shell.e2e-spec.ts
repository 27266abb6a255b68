import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CsrfTokensService } from '../../src/web/shell/csrf-tokens.service.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

describe('web shell: sessions, CSRF, the API and the pages kept apart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the login page in French, outside the API prefix, with the stylesheet', async () => {
    const web = new WebClient(t);
    const page = await web.get('/connexion');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('<h1>Se connecter</h1>');
    const css = page.text.match(/href="(\/static\/app-[0-9a-f]+\.css)"/)?.[1];
    expect(css).toBeDefined();
    const sheet = await t.http().get(css as string);
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-type']).toContain('text/css');
    expect((await t.http().get('/static/app-0000000000.css')).status).toBe(404);
    // The API keeps its prefix and its JSON.
    expect((await t.http().get('/api/health/live')).status).toBe(200);
  });

  it('logs in with the form, lands on the role home, and logs out', async () => {
    const web = new WebClient(t);
    await web.get('/connexion');
    const home = await web.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD });
    // A cookie of the browser session (no Max-Age: it goes when the browser closes), HttpOnly, Lax.
    expect(web.setCookieHeaders.find((c) => c.startsWith('fablab_session='))).toMatch(/^fablab_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    await web.get('/connexion');
    expect(home.status).toBe(303);
    await web.get('/equipe');
    expect(home.headers.location).toBe('/equipe');
    const cookie = web.cookie('fablab_session');
    expect(cookie).toBeDefined();
    
    const out = await web.post('/deconnexion', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/connexion?fait=deconnecte');
    // The session is over on the server, not only in this browser.
    const again = new WebClient(t);
    again.setCookie('fablab_session', cookie as string);
    const page = await again.get('/equipe');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/connexion?retour=%2Fequipe');
  });

  it('refuses a wrong password with a sentence, never a code', async () => {
    const web = new WebClient(t);
    await web.get('/connexion');
    const res = await web.post('/connexion', { login: 'admin@fablab.test', password: 'wrong-password' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Identifiant ou mot de passe incorrect');
    expect(res.text).not.toContain('INVALID_CREDENTIALS');
    expect(web.cookie('fablab_session')).toBeUndefined();
  });

  it('refuses a form without its CSRF token, or posted from another site', async () => {
    const web = new WebClient(t);
    await web.get('/connexion');
    const noToken = await web.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD }, { csrf: '' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('Formulaire expiré');
    const otherSite = await web.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD }, { origin: 'https://evil.example' });
    expect(otherSite.status).toBe(403);
    expect(web.cookie('fablab_session')).toBeUndefined();
    // Another browser's token does not fit this browser's seed.
    const other = new WebClient(t);
    await other.get('/connexion');
    const stolen = await web.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD }, { csrf: other.csrf });
    expect(stolen.status).toBe(403);
  });

  it('keeps cookies out of the API and bearer tokens out of the pages', async () => {
    const web = new WebClient(t);
    await web.signIn('admin@fablab.test', ADMIN_PASSWORD);
    const api = await t.http().get('/api/auth/me').set('Cookie', web.cookieHeader());
    expect(api.status).toBe(401);
    const login = await t.http().post('/api/auth/login').send({ login: 'admin@fablab.test', password: ADMIN_PASSWORD });
    const page = await t.http().get('/equipe').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/connexion/);
  });

  it('only sends people back to a page of this site after login', async () => {
    const web = new WebClient(t);
    await web.get('/connexion');
    const res = await web.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD, retour: '//evil.example/x' });
    expect(res.headers.location).toBe('/equipe');
    const web2 = new WebClient(t);
    await web2.get('/connexion');
    const ok = await web2.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD, retour: '/notifications' });
    expect(ok.headers.location).toBe('/notifications');
  });

  it('answers an unknown page with a French page, and unknown API routes with JSON', async () => {
    const web = new WebClient(t);
    await web.signIn('admin@fablab.test', ADMIN_PASSWORD);
    const page = await web.get('/parcours/nimporte-quoi');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Page introuvable');
    const elsewhere = await web.get('/nowhere/at-all');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.text).toContain('Page introuvable');
    const api = await t.http().get('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body.error).toBe('NOT_FOUND');
    const shouting = await t.http().get('/API/nothing-here');
    expect(shouting.status).toBe(404);
    expect(shouting.body.error).toBe('NOT_FOUND');
  });

  it('never lets the session cookie work as an API refresh token', async () => {
    const web = new WebClient(t);
    await web.signIn('admin@fablab.test', ADMIN_PASSWORD);
    const stolen = await t.http().post('/api/auth/refresh').send({ refreshToken: web.cookie('fablab_session') });
    expect(stolen.status).toBe(401);
    expect((await web.get('/equipe')).status).toBe(200); // and the page session goes on
  });

  it('ends a session left idle longer than WEB_SESSION_IDLE_MINUTES, for good', async () => {
    const web = new WebClient(t);
    await web.signIn('admin@fablab.test', ADMIN_PASSWORD);
    expect((await web.get('/equipe')).status).toBe(200);
    const tokenId = (web.cookie('fablab_session') as string).split('.')[0];
    const signer = t.app.get(CsrfTokensService);
    const sign = (at: number) => `${at}.${signer.mac(`seen:${tokenId}:${at}`)}`;
    const idle = Date.now() - (t.config.webSessionIdleMinutes + 1) * 60_000;
    web.setCookie('fablab_seen', sign(idle));
    const page = await web.get('/equipe');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/connexion?retour=%2Fequipe');
    // The family is revoked: a fresh activity stamp does not bring it back.
    web.setCookie('fablab_seen', sign(Date.now()));
    expect((await web.get('/equipe')).status).toBe(303);
  });

  it('refuses a session whose activity stamp is missing, forged or from another session', async () => {
    const web = new WebClient(t);
    await web.signIn('admin@fablab.test', ADMIN_PASSWORD);
    const other = new WebClient(t);
    await other.signIn('admin@fablab.test', ADMIN_PASSWORD);
    const session = web.cookie('fablab_session') as string;
    const borrowed = new WebClient(t);
    borrowed.setCookie('fablab_session', session);
    borrowed.setCookie('fablab_seen', other.cookie('fablab_seen') as string);
    expect((await borrowed.get('/equipe')).status).toBe(303);
    const forged = new WebClient(t);
    forged.setCookie('fablab_session', (other.cookie('fablab_session') as string));
    forged.setCookie('fablab_seen', `${Date.now()}.AAAA`);
    expect((await forged.get('/equipe')).status).toBe(303);
  });

  it('a login over an open session ends the earlier one (a shared device)', async () => {
    const web = new WebClient(t);
    await web.signIn('admin@fablab.test', ADMIN_PASSWORD);
    const first = web.cookie('fablab_session') as string;
    const firstSeen = web.cookie('fablab_seen') as string;
    await web.get('/notifications'); // a login form left open in a tab, posted later
    await web.post('/connexion', { login: 'admin@fablab.test', password: ADMIN_PASSWORD });
    expect(web.cookie('fablab_session')).not.toBe(first);
    const old = new WebClient(t);
    old.setCookie('fablab_session', first);
    old.setCookie('fablab_seen', firstSeen);
    expect((await old.get('/equipe')).status).toBe(303);
  });
});
