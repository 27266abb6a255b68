import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { login, loginAdmin, type Session } from '../helpers/auth.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';

/** The manager's pages: admin only; bad input is a French form error that changes nothing. */
describe('the manager’s pages (/gestion)', () => {
  let t: TestApp;
  let admin: Session;
  let web: WebClient;
  let partnerId: string;

  const usernameOf = async (session: Session) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
  const staffCount = async () => (await t.http().get('/api/users?limit=100').set(admin.auth)).body.total as number;
  const hours = async () => (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    partnerId = (await makePartner(t, admin, { name: 'Mission locale des Hauts' })).id;
    web = new WebClient(t);
    await web.signIn('admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is for the manager only: facilitators and trainers get "page introuvable", and their posts change nothing', async () => {
    for (const role of ['facilitator', 'trainer'] as const) {
      const session = await makeStaff(t, admin, role);
      const other = new WebClient(t);
      await other.signIn(await usernameOf(session), STAFF_PASSWORD);
      for (const path of ['/gestion', '/gestion/comptes', '/gestion/partenaires', '/gestion/horaires', '/gestion/objectifs']) {
        expect((await other.get(path)).status).toBe(404);
      }
      await other.get('/compte');
      const before = await staffCount();
      const post = await other.post('/gestion/comptes', { displayName: 'Intrus', username: 'intrus', role: 'admin' });
      expect(post.status).toBe(404);
      expect(await staffCount()).toBe(before);
      const target = await other.post(`/gestion/objectifs/${new Date().getFullYear()}`, { [`target-${new Date().getFullYear()}`]: '1' });
      expect(target.status).toBe(404);
    }
    expect((await t.http().get(`/api/settings/targets/${new Date().getFullYear()}`).set(admin.auth)).body.target).toBe(500);
  });

  it('creates an account with a temporary password shown once; bad input is explained and creates nothing', async () => {
    await web.get('/gestion/comptes');
    const before = await staffCount();
    const bad = await web.post('/gestion/comptes', { displayName: '', username: 'Pas Bon!', email: 'pas-une-adresse', role: 'trainer', partnerId: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Écrivez le nom de la personne');
    expect(bad.text).toContain('Choisissez un identifiant de 3 à 64 caractères');
    expect(bad.text).toContain('Écrivez une adresse e-mail valable');
    expect(bad.text).toContain('choisissez lequel');
    expect(await staffCount()).toBe(before);
    const ok = await web.post('/gestion/comptes', { displayName: 'Karim Formateur', username: 'karim.f', email: '', role: 'trainer', partnerId });
    expect(ok.status).toBe(200);
    const password = ok.text.match(/<span class="code">([a-z0-9]{14})<\/span>/)?.[1];
    expect(password).toBeDefined();
    expect(await staffCount()).toBe(before + 1);
    const karim = await login(t, 'karim.f', password as string);
    expect((await t.http().get('/api/auth/me').set(karim.auth)).body).toMatchObject({ role: 'trainer', partnerId });
    const again = await web.post('/gestion/comptes', { displayName: 'Autre Karim', username: 'karim.f', role: 'facilitator' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Cet identifiant est déjà pris');
    expect((await web.get('/gestion/comptes')).text).not.toContain(password as string);
  });

  it('gives a new temporary password (the old one stops working) and deactivates an account', async () => {
    const facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Sonia Animatrice' });
    await web.get('/gestion/comptes');
    const reset = await web.post(`/gestion/comptes/${facilitator.userId}/acces`, {});
    expect(reset.status).toBe(200);
    const password = reset.text.match(/<span class="code">([a-z0-9]{14})<\/span>/)?.[1] as string;
    expect((await t.http().get('/api/auth/me').set(facilitator.auth)).status).toBe(401);
    const username = (await t.http().get(`/api/users/${facilitator.userId}`).set(admin.auth)).body.username;
    expect((await t.http().post('/api/auth/login').send({ login: username, password: STAFF_PASSWORD })).status).toBe(401);
    const fresh = await login(t, username, password);
    await web.get('/gestion/comptes');
    const off = await web.post(`/gestion/comptes/${facilitator.userId}/desactiver`, {});
    expect(off.status).toBe(303);
    expect((await t.http().get('/api/auth/me').set(fresh.auth)).status).toBe(401);
    expect((await t.http().get(`/api/users/${facilitator.userId}`).set(admin.auth)).body.active).toBe(false);
    expect((await web.post(`/gestion/comptes/not-a-uuid/desactiver`, {})).status).toBe(404);
  });

  it('adds partners, refusing a duplicate name in French', async () => {
    await web.get('/gestion/partenaires');
    const bad = await web.post('/gestion/partenaires', { name: 'X', kind: 'secte' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Écrivez le nom de l’organisation');
    expect(bad.text).toContain('Choisissez le genre d’organisation');
    const dup = await web.post('/gestion/partenaires', { name: 'mission locale des hauts', kind: 'insertion' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('Un partenaire porte déjà ce nom.');
    const ok = await web.post('/gestion/partenaires', { name: 'Collège Jules Ferry', kind: 'school' });
    expect(ok.status).toBe(303);
    const names = (await t.http().get('/api/partners').set(admin.auth)).body.items.map((p: { name: string }) => p.name);
    expect(names).toContain('Collège Jules Ferry');
    expect(names.filter((n: string) => n.toLowerCase() === 'mission locale des hauts')).toHaveLength(1);
  });

  it('edits the weekly grid and the closures with their reasons; bad times change nothing', async () => {
    const page = await web.get('/gestion/horaires');
    expect(page.text).toContain('value="9:00"');
    const before = await hours();
    const fields: Record<string, string> = {};
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) for (let i = 0; i < 3; i++) Object.assign(fields, { [`${day}-${i}-start`]: '', [`${day}-${i}-end`]: '' });
    const bad = await web.post('/gestion/horaires', { ...fields, 'tue-0-start': '9:00', 'tue-0-end': '8:00', 'wed-0-start': 'midi', 'wed-0-end': '14:00' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Mardi, plage 1 : l’heure de fin doit être après l’heure de début.');
    expect(bad.text).toContain('Mercredi, plage 1 : écrivez deux heures comme 9:00 et 12:30.');
    expect((await hours()).weekly).toEqual(before.weekly);
    const ok = await web.post('/gestion/horaires', { ...fields, 'tue-0-start': '9:00', 'tue-0-end': '12:30', 'tue-1-start': '13h30', 'tue-1-end': '18:00', 'sat-0-start': '10', 'sat-0-end': '16:00' });
    expect(ok.status).toBe(303);
    expect((await hours()).weekly).toMatchObject({ mon: [], tue: [['09:00', '12:30'], ['13:30', '18:00']], sat: [['10:00', '16:00']], sun: [] });

    // More than three ranges: each save leaves one empty row to fill, up to the API's eight; a
    // day with more ranges than before keeps them all when another day is saved.
    let grid = await web.get('/gestion/horaires');
    expect(grid.text).toContain('id="tue-2"'); // two ranges, then an empty row
    expect(grid.text).not.toContain('id="tue-3"');
    const ranges = [['8:00', '9:00'], ['9:30', '10:30'], ['11:00', '12:00'], ['14:00', '15:00'], ['16:00', '17:00']];
    for (let n = 3; n <= ranges.length; n++) {
      expect(grid.text).toContain(`id="tue-${n - 1}"`);
      const posted: Record<string, string> = {};
      ranges.slice(0, n).forEach(([start, end], i) => Object.assign(posted, { [`tue-${i}-start`]: start, [`tue-${i}-end`]: end }));
      expect((await web.post('/gestion/horaires', { ...fields, ...posted, 'sat-0-start': '10:00', 'sat-0-end': '16:00' })).status).toBe(303);
      grid = await web.get('/gestion/horaires');
    }
    expect((await hours()).weekly.tue).toEqual([['08:00', '09:00'], ['09:30', '10:30'], ['11:00', '12:00'], ['14:00', '15:00'], ['16:00', '17:00']]);
    expect(grid.text).toContain('id="tue-5"');
    expect(grid.text).not.toContain('id="tue-6"');
    const eight = Array.from({ length: 8 }, (_, i) => [`${String(10 + i).padStart(2, '0')}:00`, `${String(10 + i).padStart(2, '0')}:30`]);
    await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ weekly: { ...(await hours()).weekly, thu: eight }, closures: [] }).expect(200);
    grid = await web.get('/gestion/horaires');
    expect(grid.text).toContain('id="thu-7"');
    expect(grid.text).not.toContain('id="thu-8"');
    const shown = Object.fromEntries([...grid.text.matchAll(/name="((?:mon|tue|wed|thu|fri|sat|sun)-\d-(?:start|end))"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect((await web.post('/gestion/horaires', { ...shown, 'sat-0-end': '17:00' })).status).toBe(303);
    expect((await hours()).weekly).toMatchObject({ thu: eight, sat: [['10:00', '17:00']] });
    expect((await hours()).weekly.tue).toHaveLength(5);
    await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ weekly: { ...(await hours()).weekly, thu: [] }, closures: [] }).expect(200);

    await web.get('/gestion/horaires');
    const noReason = await web.post('/gestion/horaires/fermetures', { from: '2026-12-24', to: '2026-12-20', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Le dernier jour doit être le même que le premier, ou après.');
    expect(noReason.text).toContain('Dites pourquoi le fablab est fermé');
    expect((await hours()).closures).toEqual([]);
    expect((await web.post('/gestion/horaires/fermetures', { from: '2026-12-24', to: '2027-01-01', reason: 'Vacances de Noël' })).status).toBe(303);
    const listed = await web.get('/gestion/horaires');
    expect(listed.text).toContain('du 24 décembre 2026 au 1 janvier 2027');
    expect(listed.text).toContain('Vacances de Noël');
    expect((await hours()).closures).toEqual([{ from: '2026-12-24', to: '2027-01-01', reason: 'Vacances de Noël' }]);
    expect((await web.post('/gestion/horaires/fermetures/0/supprimer', { from: '2025-01-01' })).status).toBe(404);
    await web.get('/gestion/horaires');
    expect((await web.post('/gestion/horaires/fermetures/0/supprimer', { from: '2026-12-24' })).status).toBe(303);
    expect((await hours()).closures).toEqual([]);
  });

  it('sets a yearly target; a bad number changes nothing', async () => {
    const year = new Date().getFullYear();
    await web.get('/gestion/objectifs');
    const bad = await web.post(`/gestion/objectifs/${year}`, { [`target-${year}`]: 'cinq cents' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`Écrivez un nombre entier de jeunes, entre 1 et 100 000, pour ${year}.`);
    expect((await t.http().get(`/api/settings/targets/${year}`).set(admin.auth)).body.target).toBe(500);
    expect((await web.post(`/gestion/objectifs/${year}`, { [`target-${year}`]: '650' })).status).toBe(303);
    expect((await t.http().get(`/api/settings/targets/${year}`).set(admin.auth)).body.target).toBe(650);
    expect((await web.post('/gestion/objectifs/1990', { 'target-1990': '10' })).status).toBe(404);
  });
});
