import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { at, freezeClock, makeBooking, nextWeekday, slot } from '../factories/bookings.js';
import { makeMachine, makePlan } from '../factories/machines.js';
import { enrol, LEARNER_PASSWORD, makeLearner, makeParticipant } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * "Aujourd'hui" (/equipe): today's sessions machine by machine with their attendees and one-tap
 * check-in / check-out (the session pages' posts, coming back here), steps waiting for
 * validation, machines stopped and maintenance due, stalled paths — each a link to where it is
 * handled. For the fablab's team; a trainer's home is /formateur; a learner gets 404.
 */
describe('"Aujourd’hui", the team’s home', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let staff: WebClient;
  let bookingId: string;
  let day: ReturnType<typeof nextWeekday>;
  let laserCode: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    const partner = await makePartner(t, admin, { name: 'Mission locale du Bassin' });
    day = nextWeekday(t, 'tue', 3);
    freezeClock(t, at(day, '10:00'));
    const laser = await makeMachine(t, facilitator, { name: 'Découpeuse laser Trotec', category: 'laser_cutter', requiresQualification: false });
    laserCode = laser.code;
    const yanis = await makeParticipant(t, facilitator, { firstName: 'Yanis', lastName: 'Groupe', referredByPartnerId: partner.id });
    const lina = await makeParticipant(t, facilitator, { firstName: 'Lina', lastName: 'Groupe', referredByPartnerId: partner.id });
    ids.yanis = yanis.id;
    bookingId = (await makeBooking(t, facilitator, { machineId: laser.id, ...slot(day, '14:00', '16:00'), kind: 'training', title: 'Atelier laser', partnerId: partner.id, participantIds: [yanis.id, lina.id] })).id;

    const printer = await makeMachine(t, facilitator, { name: 'Imprimante Prusa bouchée' });
    await t.http().post(`/api/machines/${printer.id}/status`).set(facilitator.auth).send({ status: 'out_of_order', reason: 'Buse bouchée, le plastique ne sort plus' }).expect(200);
    await makePlan(t, facilitator, laser.id, { title: 'Nettoyer les lentilles', everyDays: 1 });

    const learner = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Attente' });
    const e = await enrol(t, facilitator, learner.participant.id, 'EXPERIMENTER');
    await t.http().post(`/api/enrollments/${e.id}/steps/${e.steps[0].stepId}/submit`).set(learner.session.auth).send({ note: 'J’ai fini' }).expect(200);
    ids.enrollment = e.id;
    ids.step = e.steps[0].stepId;
    ids.learner = learner.username;

    const sleeper = await makeParticipant(t, facilitator, { firstName: 'Sam', lastName: 'Endormi' });
    await enrol(t, facilitator, sleeper.id, 'FABRIQUER', { enrolledAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    ids.sleeper = sleeper.id;

    staff = new WebClient(t);
    await staff.signIn((await t.http().get('/api/auth/me').set(facilitator.auth)).body.username, STAFF_PASSWORD);
  });
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  it('shows the day: sessions by machine with attendees, steps to validate, stopped machines, maintenance due, stalled paths', async () => {
    const page = await staff.get('/equipe');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Aujourd’hui</h1>');
    expect(page.text).toContain(`href="/m/${laserCode}">Découpeuse laser Trotec</a>`);
    expect(page.text).toContain(`href="/seances/${bookingId}"`);
    expect(page.text).toContain('14 h – 16 h');
    expect(page.text).toContain('Atelier laser');
    expect(page.text).toContain('Mission locale du Bassin');
    expect(page.text).toContain(`<a href="/equipe/participants/${ids.yanis}">Yanis Groupe</a>`);
    expect(page.text).not.toContain('Accueillir</button>'); // 10 h: the group is welcomed from 13 h 30
    expect(page.text).toContain(`href="/validations/${ids.enrollment}/${ids.step}"`);
    expect(page.text).toContain('Inès Attente');
    expect(page.text).toContain('Imprimante Prusa bouchée');
    expect(page.text).toContain('Buse bouchée, le plastique ne sort plus');
    expect(page.text).toContain('Nettoyer les lentilles');
    expect(page.text).toContain(`<a href="/equipe/participants/${ids.sleeper}">Sam Endormi</a>`);
    expect(page.text).toContain('href="/validations"');
    expect(page.text).toContain('href="/atelier/entretien"');
    expect(Buffer.byteLength(page.text)).toBeLessThan(30_000);
  });

  it('checks the group in and out in one tap each, coming back to the day', async () => {
    freezeClock(t, at(day, '13:45'));
    let page = await staff.get('/equipe');
    expect(page.text).toContain('Accueillir</button>');
    const checkIn = await staff.post(`/seances/${bookingId}/arrivee`, { retour: '/equipe?fait=arrivee' });
    expect(checkIn.status).toBe(303);
    expect(checkIn.headers.location).toBe('/equipe?fait=arrivee');
    expect((await t.http().get(`/api/bookings/${bookingId}`).set(facilitator.auth)).body.checkedInAt).not.toBeNull();
    page = await staff.get('/equipe?fait=arrivee');
    expect(page.text).toContain('Le groupe est accueilli');
    expect(page.text).toContain('En cours depuis 13 h 45');
    expect(page.text).not.toContain('Terminer</button>'); // not before it has started

    freezeClock(t, at(day, '15:30'));
    page = await staff.get('/equipe');
    expect(page.text).toContain('Terminer</button>');
    const checkOut = await staff.post(`/seances/${bookingId}/depart`, { retour: '/equipe?fait=depart' });
    expect(checkOut.headers.location).toBe('/equipe?fait=depart');
    const booking = (await t.http().get(`/api/bookings/${bookingId}`).set(facilitator.auth)).body;
    expect(booking).toMatchObject({ status: 'completed', usedMinutes: 120 });
    page = await staff.get('/equipe');
    expect(page.text).toContain('Terminée, 2 h de machine');
    expect(page.text).toContain('Yanis Groupe</a> (venu)');
  });

  it('sends a trainer to their own home, and keeps learners out (404)', async () => {
    const trainer = await makeStaff(t, admin, 'trainer');
    const web = new WebClient(t);
    await web.signIn((await t.http().get('/api/auth/me').set(trainer.auth)).body.username, STAFF_PASSWORD);
    const res = await web.get('/equipe');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/formateur');
    const young = new WebClient(t);
    await young.signIn(ids.learner, LEARNER_PASSWORD);
    const refused = await young.get('/equipe');
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain('Groupe');
  });
});
