import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN_ATTEMPTS } from '../../src/auth/login-throttle.service.js';
import { enrol, makeLearner, type EnrollmentBody } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { phoneJpeg } from '../helpers/photos.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * Issue 11's "bad input" attacks, on the pages: a NUL character or an absurd page number in a
 * form or an address is a page saying so (4xx), never a 500, and nothing is stored; a throttled
 * sign-in says when to come back (Retry-After), as the API does.
 */
describe('pages: bad input gets a clear answer, nothing changed', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Awaited<ReturnType<typeof makeStaff>>;
  let learner: Awaited<ReturnType<typeof makeLearner>>;
  let enrollment: EnrollmentBody;
  let web: WebClient;

  const facilitatorName = async () => (await t.http().get('/api/auth/me').set(facilitator.auth)).body.username as string;
  const stepStatus = async () => (await t.http().get(`/api/enrollments/${enrollment.id}`).set(facilitator.auth)).body.steps[0] as { status: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    learner = await makeLearner(t, facilitator);
    enrollment = await enrol(t, facilitator, learner.participant.id, 'FABRIQUER');
    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${enrollment.steps[0].stepId}/submit`).set(learner.session.auth).send({ note: 'Fait' }).expect(200);
    web = new WebClient(t);
    expect((await web.signIn(await facilitatorName(), STAFF_PASSWORD)).status).toBe(303);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a NUL character in the validation form (plain or with a photo) is refused; the step stays submitted', async () => {
    const path = `/validations/${enrollment.id}/${enrollment.steps[0].stepId}`;
    await web.get(path);
    const plain = await web.post(`${path}/valider`, { note: 'Bravo\u0000' });
    expect(plain.status).toBe(400);
    await web.get(path);
    const photo = await web.postMultipart(`${path}/valider`, { note: 'Bravo\u0000' }, { field: 'photo', bytes: await phoneJpeg(), filename: 'p.jpg', contentType: 'image/jpeg' });
    expect(photo.status).toBe(400);
    expect(await stepStatus()).toMatchObject({ status: 'submitted' });
    const photos = await t.http().get(`/api/participants/${learner.participant.id}/export`).set(facilitator.auth);
    expect(photos.body.evidencePhotos ?? []).toEqual([]);
  });

  it('a NUL character or an absurd page number in a list address is no 500', async () => {
    for (const path of ['/equipe/participants?q=a%00b', '/equipe/participants?page=1e20', '/notifications?page=1e20', '/notifications?page=99999999999999999999', '/m/%00']) {
      const res = await web.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: res.status < 500 ? res.status : 'a 500' });
    }
  });

  it('a NUL character in the sign-in form is a 400 page, not a 500', async () => {
    const visitor = new WebClient(t);
    await visitor.get('/connexion');
    const res = await visitor.post('/connexion', { login: 'admin\u0000', password: 'whatever-password' });
    expect(res.status).toBe(400);
  });

  it('a throttled sign-in is a 429 page with Retry-After', async () => {
    const visitor = new WebClient(t);
    await visitor.get('/connexion');
    let last = await visitor.post('/connexion', { login: 'admin', password: 'not-the-password' });
    for (let i = 0; i < LOGIN_ATTEMPTS && last.status !== 429; i++) last = await visitor.post('/connexion', { login: 'admin', password: 'not-the-password' });
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});
