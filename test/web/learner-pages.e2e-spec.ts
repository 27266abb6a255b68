import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { enrol, LEARNER_PASSWORD, makeLearner, makeParticipant } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';

/** The learners' pages scoped exactly as the API scopes them; sessions ended as the API's are. */
describe('learner pages: only their own data, sessions that end', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let ines: Awaited<ReturnType<typeof makeLearner>>;
  let sam: Awaited<ReturnType<typeof makeLearner>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    ines = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau' });
    sam = await makeLearner(t, facilitator, { firstName: 'Sam', lastName: 'Durand' });
    await enrol(t, facilitator, ines.participant.id, 'EXPERIMENTER');
    await enrol(t, facilitator, sam.participant.id, 'FABRIQUER');
  });
  afterAll(async () => {
    await t.close();
  });

  const signedIn = async (username: string, password = LEARNER_PASSWORD) => {
    const web = new WebClient(t);
    const res = await web.signIn(username, password);
    expect(res.headers.location).toBe('/parcours');
    return web;
  };

  it('shows a learner their own path, never another person’s', async () => {
    const web = await signedIn(ines.username);
    const page = await web.get('/parcours');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Parcours Expérimenter');
    expect(page.text).not.toContain('Fabriquer');
    expect(page.text).not.toContain('Durand');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('answers another person’s step, booking or notification with the same "page introuvable"', async () => {
    const web = await signedIn(ines.username);
    const samEnrollment = (await t.http().get(`/api/participants/${sam.participant.id}`).set(facilitator.auth)).body.enrollments[0];
    const step = samEnrollment.steps[0].stepId;
    const submit = await web.post(`/parcours/${samEnrollment.id}/etapes/${step}`, { note: 'pas à moi' });
    expect(submit.status).toBe(404);
    expect(submit.text).toContain('Page introuvable');
    const after = (await t.http().get(`/api/enrollments/${samEnrollment.id}`).set(facilitator.auth)).body;
    expect(after.steps[0].status).toBe('todo');
    for (const path of ['/reservations/00000000-0000-4000-8000-000000000000/annuler', '/notifications/00000000-0000-4000-8000-000000000000/lue']) {
      await web.get('/parcours');
      const res = await web.post(path, {});
      expect(res.status).toBe(404);
    }
    expect((await web.post('/parcours/not-a-uuid/etapes/x', { note: 'x' })).status).toBe(404);
  });

  it('keeps staff pages from learners and the learner pages from staff (404, not a hint)', async () => {
    const web = await signedIn(ines.username);
    expect((await web.get('/equipe')).status).toBe(404);
    expect((await web.get(`/equipe/participants/${sam.participant.id}`)).status).toBe(404);
    const staff = new WebClient(t);
    await staff.signIn((await t.http().get('/api/auth/me').set(facilitator.auth)).body.username, STAFF_PASSWORD);
    expect((await staff.get('/parcours')).status).toBe(404);
  });

  it('a trainer sees only their partner’s young people and cannot give access', async () => {
    const trainer = await makeStaff(t, admin, 'trainer');
    const theirs = await makeParticipant(t, facilitator, { referredByPartnerId: trainer.user.partnerId, firstName: 'Lina', lastName: 'Partenaire' });
    const web = new WebClient(t);
    await web.signIn((await t.http().get('/api/auth/me').set(trainer.auth)).body.username, STAFF_PASSWORD);
    const list = await web.get('/equipe/participants');
    expect(list.text).toContain('Partenaire');
    expect(list.text).not.toContain('Moreau');
    expect((await web.get(`/equipe/participants/${ines.participant.id}`)).status).toBe(404);
    const own = await web.get(`/equipe/participants/${theirs.id}`);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('Donner l’accès');
    expect((await web.post(`/equipe/participants/${theirs.id}/acces`, {})).status).toBe(404);
  });

  it('changing the password keeps this session and ends the others, web and API', async () => {
    const learner = await makeLearner(t, facilitator);
    const phone = await signedIn(learner.username);
    const tablet = await signedIn(learner.username);
    await phone.get('/compte');
    const wrong = await phone.post('/compte/mot-de-passe', { currentPassword: 'not-it-at-all', newPassword: 'nouveau-mot-de-passe', newPasswordConfirm: 'nouveau-mot-de-passe' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Ce n’est pas ton mot de passe actuel');
    const ok = await phone.post('/compte/mot-de-passe', { currentPassword: LEARNER_PASSWORD, newPassword: 'nouveau-mot-de-passe', newPasswordConfirm: 'nouveau-mot-de-passe' });
    expect(ok.headers.location).toBe('/compte?fait=motdepasse');
    expect((await phone.get('/parcours')).status).toBe(200);
    expect((await tablet.get('/parcours')).status).toBe(303);
    expect((await t.http().get('/api/me/progress').set(learner.session.auth)).status).toBe(401);
  });

  it('logging out everywhere ends every session of the account', async () => {
    const learner = await makeLearner(t, facilitator);
    const phone = await signedIn(learner.username);
    const tablet = await signedIn(learner.username);
    await phone.get('/compte');
    const res = await phone.post('/compte/deconnexion-partout', {});
    expect(res.headers.location).toBe('/connexion?fait=deconnecte');
    expect((await tablet.get('/parcours')).status).toBe(303);
    expect((await t.http().get('/api/me/progress').set(learner.session.auth)).status).toBe(401);
  });

  it('gives access: a new code as a QR code, its link in the API too; the old code stops working', async () => {
    const person = await makeParticipant(t, facilitator);
    const api = await t.http().post(`/api/participants/${person.id}/account`).set(facilitator.auth).send();
    expect(api.body.activationUrl).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/activer\?code=[A-Z2-9-]+$/);
    const staff = new WebClient(t);
    await staff.signIn((await t.http().get('/api/auth/me').set(facilitator.auth)).body.username, STAFF_PASSWORD);
    await staff.get(`/equipe/participants/${person.id}`);
    const page = await staff.post(`/equipe/participants/${person.id}/acces`, {});
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<svg');
    const code = page.text.match(/id="code-activation">([A-Z2-9-]+)</)?.[1] as string;
    const young = new WebClient(t);
    const link = await young.get(`/activer?code=${code}`);
    expect(link.status).toBe(303); // the code leaves the address bar at once
    expect(link.headers.location).toBe('/activer');
    const form = await young.get('/activer');
    expect(form.text).toContain(`value="${code}"`);
    const old = await young.post('/activer', { code: api.body.activationCode, username: 'old.code', password: 'mot-de-passe-long', passwordConfirm: 'mot-de-passe-long' });
    expect(old.status).toBe(400);
    expect(old.text).toContain('Ce code ne marche pas');
    const done = await young.post('/activer', { code, username: 'new.code', password: 'mot-de-passe-long', passwordConfirm: 'mot-de-passe-long' });
    expect(done.headers.location).toBe('/parcours?fait=bienvenue');
  });
});
