import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { enrol, LEARNER_PASSWORD, makeLearner, makeParticipant } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';

/** The yearly target page: the API's figures and chart, the funders' CSV for facilitators and admins. */
describe('the yearly target page', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  const year = new Date().getUTCFullYear();

  const usernameOf = async (session: Session) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
  const signedIn = async (login: string, password: string) => {
    const web = new WebClient(t);
    await web.signIn(login, password);
    return web;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    for (let i = 0; i < 3; i++) {
      const person = await makeParticipant(t, facilitator, { firstName: `Jeune${i}`, lastName: `Secret${i}`, livesInQpv: i < 2 });
      await enrol(t, facilitator, person.id, 'EXPERIMENTER');
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the figures, the curve and the breakdowns as the API computes them', async () => {
    const api = (await t.http().get('/api/stats/target').set(facilitator.auth)).body;
    expect(api.reached).toBe(3);
    const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
    const page = await web.get('/equipe/objectif');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Objectif ${year} : 500 jeunes`);
    expect(page.text).toMatch(/<strong>3<\/strong> jeunes touchés, soit 0,6 % de l’objectif/);
    expect(page.text).toContain(`il en fallait ${api.expectedToDate.toLocaleString('fr-FR')} à cette date`);
    expect(page.text).toContain('<svg');
    expect(page.text).not.toContain('<?xml');
    expect(page.text).toContain('Expérimenter');
    expect(page.text).toContain('67 %'); // 2 of 3 in a priority neighbourhood
    expect(page.text).not.toContain('Secret0');
    expect(page.text).toContain(`/equipe/objectif/jeunes-${year}.csv`);
    expect(Buffer.byteLength(page.text)).toBeLessThan(30_000);
    const csv = await web.get(`/equipe/objectif/jeunes-${year}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`jeunes-touches-${year}.csv`);
    const body = csv.text ?? String(csv.body);
    expect(body.split('\n').filter((l: string) => l.trim()).length).toBe(4);
    expect(body).not.toContain('Secret');
    const last = await web.get(`/equipe/objectif?annee=${year - 1}`);
    expect(last.status).toBe(200);
    expect(last.text).toContain(`Objectif ${year - 1}`);
    for (const bad of ['abc', '1999', String(year + 5)]) expect((await web.get(`/equipe/objectif?annee=${bad}`)).status).toBe(404);
  });

  it('lets a trainer read the target but not download the list; keeps learners out', async () => {
    const trainer = await makeStaff(t, admin, 'trainer');
    const web = await signedIn(await usernameOf(trainer), STAFF_PASSWORD);
    const page = await web.get('/equipe/objectif');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('.csv');
    expect((await web.get(`/equipe/objectif/jeunes-${year}.csv`)).status).toBe(404);
    const learner = await makeLearner(t, facilitator);
    const lw = await signedIn(learner.username, LEARNER_PASSWORD);
    expect((await lw.get('/equipe/objectif')).status).toBe(404);
    expect((await lw.get(`/equipe/objectif/jeunes-${year}.csv`)).status).toBe(404);
  });
});
