import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeBooking, nextWeekday, slot } from '../factories/bookings.js';
import { makeMachine, makePlan, makeWorkOrder } from '../factories/machines.js';
import { enrol, LEARNER_PASSWORD, makeLearner } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin } from '../helpers/auth.js';
import { phoneJpeg } from '../helpers/photos.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * The "a learner or a trainer who types one of these URLs gets the page their role
 * allows or a 404, never someone else's data", as one table: every address of the team's and
 * the manager's space, typed by a young person, by a partner's trainer, and by a facilitator
 * (the manager's pages). The young person of another partner, Sam Zéphyrin, has a path, a step
 * waiting with a photo, a booking: their name never shows in a page that is not for them.
 */
describe('the team’s addresses typed by each role', () => {
  let t: TestApp;
  const year = new Date().getFullYear();
  const who: Record<'learner' | 'trainer' | 'facilitator', WebClient> = {} as never;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator');
    const ours = await makePartner(t, admin, { name: 'Mission locale du Nord' });
    const theirs = await makePartner(t, admin, { name: 'Collège du Sud' });
    const trainer = await makeStaff(t, admin, 'trainer', { partnerId: ours.id });
    const lina = await makeLearner(t, facilitator, { firstName: 'Lina', lastName: 'Martin', referredByPartnerId: ours.id });
    const samLearner = await makeLearner(t, facilitator, { firstName: 'Sam', lastName: 'Zéphyrin', referredByPartnerId: theirs.id });
    const sam = samLearner.participant;
    const samPath = await enrol(t, facilitator, sam.id, 'EXPERIMENTER');
    await t.http().post(`/api/enrollments/${samPath.id}/steps/${samPath.steps[0].stepId}/submit`).set(samLearner.session.auth).send({ note: 'Fait' }).expect(200);
    const photo = await t
      .http()
      .post(`/api/enrollments/${samPath.id}/steps/${samPath.steps[0].stepId}/photos`)
      .set(facilitator.auth)
      .attach('photo', await phoneJpeg(), { filename: 'IMG_1.jpg', contentType: 'image/jpeg' });
    expect(photo.status).toBe(201);
    const machine = await makeMachine(t, facilitator, { code: 'LASER-9', name: 'Découpeuse laser', category: 'laser_cutter', requiresQualification: false });
    await makePlan(t, facilitator, machine.id, { title: 'Nettoyer la lentille', everyDays: 30 });
    const order = await makeWorkOrder(t, facilitator, machine.id);
    const booking = await makeBooking(t, facilitator, { machineId: machine.id, ...slot(nextWeekday(t, 'wed'), '14:00', '16:00'), kind: 'training', title: 'Atelier du Sud', partnerId: theirs.id, participantIds: [sam.id] });
    Object.assign(ids, { lina: lina.participant.id, sam: sam.id, samPath: samPath.id, samStep: samPath.steps[0].stepId, photo: photo.body.id, order: order.id, booking: booking.id });

    const signedIn = async (login: string, password: string) => {
      const web = new WebClient(t);
      const res = await web.signIn(login, password);
      expect(res.status).toBe(303);
      return web;
    };
    const username = async (session: { auth: Record<string, string> }) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
    who.learner = await signedIn(lina.username, LEARNER_PASSWORD);
    who.trainer = await signedIn(await username(trainer), STAFF_PASSWORD);
    who.facilitator = await signedIn(await username(facilitator), STAFF_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** What each role gets: a status, and for a redirect where it goes. */
  const table = (): [string, { learner: number | string; trainer: number | string; facilitator: number | string }][] => [
    ['/equipe', { learner: 404, trainer: '/formateur', facilitator: 200 }],
    ['/equipe/participants', { learner: 404, trainer: 200, facilitator: 200 }],
    ['/equipe/participants/nouveau', { learner: 404, trainer: 404, facilitator: 200 }],
    [`/equipe/participants/${ids.lina}`, { learner: 404, trainer: 200, facilitator: 200 }],
    [`/equipe/participants/${ids.sam}`, { learner: 404, trainer: 404, facilitator: 200 }],
    [`/equipe/participants/${ids.lina}/donnees`, { learner: 404, trainer: 404, facilitator: 200 }],
    [`/equipe/participants/${ids.sam}/donnees`, { learner: 404, trainer: 404, facilitator: 200 }],
    [`/equipe/participants/${ids.sam}/effacer`, { learner: 404, trainer: 404, facilitator: 404 }],
    ['/validations', { learner: 404, trainer: 200, facilitator: 200 }],
    [`/validations/${ids.samPath}/${ids.samStep}`, { learner: 404, trainer: 404, facilitator: 200 }],
    [`/photos/${ids.photo}`, { learner: 404, trainer: 404, facilitator: 200 }],
    [`/photos/${ids.photo}/miniature`, { learner: 404, trainer: 404, facilitator: 200 }],
    [`/seances/${ids.booking}`, { learner: 404, trainer: 404, facilitator: 200 }],
    ['/atelier', { learner: 200, trainer: 200, facilitator: 200 }],
    ['/m/LASER-9', { learner: 200, trainer: 200, facilitator: 200 }],
    [`/m/LASER-9/ordres/${ids.order}`, { learner: 404, trainer: 404, facilitator: 200 }],
    ['/atelier/entretien', { learner: 404, trainer: 404, facilitator: 200 }],
    ['/atelier/etiquettes', { learner: 404, trainer: 404, facilitator: 200 }],
    ['/atelier/nouvelle', { learner: 404, trainer: 404, facilitator: 200 }],
    ['/equipe/objectif', { learner: 404, trainer: 200, facilitator: 200 }],
    [`/equipe/objectif/jeunes-${year}.csv`, { learner: 404, trainer: 404, facilitator: 200 }],
    ['/equipe/bilan', { learner: 404, trainer: 200, facilitator: 200 }],
    ['/gestion', { learner: 404, trainer: 404, facilitator: 404 }],
    ['/gestion/comptes', { learner: 404, trainer: 404, facilitator: 404 }],
    ['/gestion/partenaires', { learner: 404, trainer: 404, facilitator: 404 }],
    ['/gestion/horaires', { learner: 404, trainer: 404, facilitator: 404 }],
    ['/gestion/objectifs', { learner: 404, trainer: 404, facilitator: 404 }],
  ];

  for (const role of ['learner', 'trainer', 'facilitator'] as const) {
    it(`a ${role} gets their page or "Page introuvable", and never Sam's name where it is not theirs to see`, async () => {
      const got: string[] = [];
      const wanted: string[] = [];
      for (const [path, expected] of table()) {
        const res = await who[role].get(path);
        const outcome = res.status === 303 || res.status === 302 ? String(res.headers.location) : res.status;
        got.push(`${path} → ${outcome}`);
        wanted.push(`${path} → ${expected[role]}`);
        const body = res.headers['content-type']?.startsWith('image/') ? '' : (res.text ?? '');
        if (res.status === 404) expect({ path, page: body.includes('Page introuvable') }).toEqual({ path, page: true });
        if (expected[role] !== 200 || role !== 'facilitator') expect({ path, leaks: body.includes('Zéphyrin') }).toEqual({ path, leaks: false });
      }
      expect(got).toEqual(wanted);
    });
  }
});
