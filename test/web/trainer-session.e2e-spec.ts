import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { freezeClock, makeBooking } from '../factories/bookings.js';
import { makeMachine } from '../factories/machines.js';
import { waitForInbox, waitForOutboxSettled } from '../factories/notifications.js';
import { enrol, LEARNER_PASSWORD, makeLearner, makeParticipant, type ParticipantBody } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * The session page `/seances/:id`: its trainer and the team welcome the group, end the session,
 * move or cancel it, through the same services as the API; anyone else gets "page introuvable".
 * The booking clock is stopped; sessions are on Tuesday 2027-01-12, 10:00–12:00 in Paris.
 */
describe('session page: check-in, check-out, move, cancel', () => {
  const BEFORE = '2027-01-06T09:00:00.000Z';
  const SLOT = { startsAt: '2027-01-12T09:00:00.000Z', endsAt: '2027-01-12T11:00:00.000Z' };
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { id: string; partnerId: string | null } };
  let outsider: Session;
  let people: ParticipantBody[];
  let learnerName = '';

  const username = async (s: Session) => (await t.http().get('/api/auth/me').set(s.auth)).body.username as string;
  const webAs = async (s: Session) => {
    const web = new WebClient(t);
    await web.signIn(await username(s), STAFF_PASSWORD);
    return web;
  };
  const api = (id: string) => t.http().get(`/api/bookings/${id}`).set(facilitator.auth);
  const fresh = async () => {
    const machine = await makeMachine(t, facilitator, { name: 'Découpeuse laser Trotec', requiresQualification: true, category: 'laser_cutter' });
    const booking = await makeBooking(t, trainer, { machineId: machine.id, ...SLOT, kind: 'training', participantIds: people.map((p) => p.id) });
    return { machine, booking };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    outsider = await makeStaff(t, admin, 'trainer');
    const referred = { referredByPartnerId: trainer.user.partnerId };
    people = [
      await makeParticipant(t, facilitator, { ...referred, firstName: 'Lina', lastName: 'Martin' }),
      await makeParticipant(t, facilitator, { ...referred, firstName: 'Sam', lastName: 'Durand' }),
      await makeParticipant(t, facilitator, { ...referred, firstName: 'Noé', lastName: 'Petit' }),
    ];
    const learner = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau' });
    learnerName = learner.username;
    const hours = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({ weekly: hours.weekly, closures: [{ from: '2027-01-19', to: '2027-01-19', reason: 'Inventaire annuel' }] })
      .expect(200);
  });
  beforeEach(() => freezeClock(t, BEFORE));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  it('lands a trainer on their own home, with their own menu', async () => {
    const web = new WebClient(t);
    const res = await web.signIn(await username(trainer), STAFF_PASSWORD);
    expect(res.headers.location).toBe('/formateur');
    const home = await web.get('/formateur');
    expect(home.status).toBe(200);
    for (const entry of ['Réserver', 'Mes réservations', 'Mes jeunes', 'À valider', 'Bilan', 'Signaler', 'Notifications', 'Mon compte']) expect(home.text).toContain(`>${entry}<`);
    expect(home.text).toContain('href="/equipe/participants"');
  });

  it('shows the session to its trainer and the team only; others get "page introuvable"', async () => {
    const { booking } = await fresh();
    const mine = await (await webAs(trainer)).get(`/seances/${booking.id}`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Formation du mardi 12 janvier');
    expect(mine.text).toContain('Découpeuse laser Trotec');
    expect(mine.text).toContain('10 h – 12 h');
    for (const name of ['Lina Martin', 'Sam Durand', 'Noé Petit']) expect(mine.text).toContain(name);
    expect(mine.text).toContain('href="/validations"');
    expect((await (await webAs(facilitator)).get(`/seances/${booking.id}`)).status).toBe(200);

    const colleague = await makeStaff(t, admin, 'trainer', { partnerId: trainer.user.partnerId });
    expect((await (await webAs(colleague)).get(`/seances/${booking.id}`)).status).toBe(404);
    const other = await webAs(outsider);
    const refused = await other.get(`/seances/${booking.id}`);
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('Page introuvable');
    expect(refused.text).not.toContain('Lina');
    expect((await other.get('/seances/not-a-uuid')).status).toBe(404);
    await other.get('/formateur');
    expect((await other.post(`/seances/${booking.id}/annuler`, { reason: 'pas à moi' })).status).toBe(404);
    expect((await api(booking.id)).body.status).toBe('confirmed');

    const learner = new WebClient(t);
    await learner.signIn(learnerName, LEARNER_PASSWORD);
    expect((await learner.get(`/seances/${booking.id}`)).status).toBe(404);
    expect((await learner.get('/formateur')).status).toBe(404);
  });

  it('welcomes the group with who is there, then ends the session with the minutes used', async () => {
    const { machine, booking } = await fresh();
    const web = await webAs(trainer);
    const early = await web.get(`/seances/${booking.id}`);
    expect(early.text).toContain('L’accueil du groupe s’ouvre 30 minutes avant le début, à 9 h 30');
    expect(early.text).not.toContain('Accueillir le groupe');

    freezeClock(t, '2027-01-12T08:40:00.000Z');
    const home = await web.get('/formateur');
    expect(home.text).toContain('C’est l’heure de votre séance');
    expect(home.text).toContain(`<a class="button" href="/seances/${booking.id}">Accueillir le groupe</a>`);
    const page = await web.get(`/seances/${booking.id}`);
    expect(page.text).toContain('Accueillir le groupe');
    const none = await web.post(`/seances/${booking.id}/arrivee`, { liste: '1' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Cochez les jeunes présents');
    expect((await api(booking.id)).body.checkedInAt).toBeNull();

    const present = [people[0].id, people[2].id];
    const checkIn = await web.post(`/seances/${booking.id}/arrivee`, { liste: '1', attendeeIds: present });
    expect(checkIn.status).toBe(303);
    expect(checkIn.headers.location).toBe(`/seances/${booking.id}?fait=arrivee`);
    const afterIn = (await api(booking.id)).body;
    expect(afterIn.checkedInAt).not.toBeNull();
    expect([...afterIn.attendeeIds].sort()).toEqual([...present].sort());

    // Not before the start: the machine has not been used yet.
    const tooSoon = await web.post(`/seances/${booking.id}/depart`, { liste: '1', attendeeIds: present, usedMinutes: '60' });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.text).toContain('La séance n’a pas encore commencé : vous pourrez la terminer à partir de 10 h');
    freezeClock(t, '2027-01-12T10:50:00.000Z');
    const tooLong = await web.post(`/seances/${booking.id}/depart`, { liste: '1', attendeeIds: present, usedMinutes: '150' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('La séance a été réservée pour 120 minutes');
    const notNumber = await web.post(`/seances/${booking.id}/depart`, { liste: '1', attendeeIds: present, usedMinutes: 'beaucoup' });
    expect(notNumber.status).toBe(422);
    expect(notNumber.text).toContain('Indiquez un nombre entier de minutes, de 0 à 120');
    expect((await api(booking.id)).body.status).toBe('confirmed');

    const out = await web.post(`/seances/${booking.id}/depart`, { liste: '1', attendeeIds: [people[0].id], usedMinutes: '95' });
    expect(out.status).toBe(303);
    const done = (await api(booking.id)).body;
    expect(done).toMatchObject({ status: 'completed', usedMinutes: 95, attendeeIds: [people[0].id] });
    const usage = (await t.http().get(`/api/machines/${machine.id}`).set(facilitator.auth)).body.usageHours;
    expect(usage).toBeCloseTo(95 / 60, 3);
    const shown = await web.get(`/seances/${booking.id}?fait=terminee`);
    expect(shown.text).toContain('machine utilisée 1 h 35');
    expect(shown.text).not.toContain('Terminer la séance');

    // Then the steps done in the session: each young person of the group is a link to their page,
    // where a step still to do can be validated at once (done in front of the trainer).
    expect(shown.text).toContain('Touchez le nom du jeune');
    for (const person of people) expect(shown.text).toContain(`<a href="/equipe/participants/${person.id}">${person.firstName} ${person.lastName}</a> · <span class="status`);
    expect(shown.text).toMatch(/Lina Martin<\/a> · <span class="status status-ok">.*présent·e<\/span>/);
    expect(shown.text).toContain('Sam Durand</a> · <span class="status status-todo">absent·e</span>');
    const enrollment = await enrol(t, facilitator, people[0].id, 'EXPERIMENTER');
    const [first, second] = enrollment.steps;
    const person = await web.get(`/equipe/participants/${people[0].id}`);
    expect(person.status).toBe(200);
    expect(person.text).toContain(`<a href="/validations/${enrollment.id}/${first.stepId}">Valider cette étape<span class="visually-hidden"> : ${first.title}</span></a>`);
    expect((await web.get(`/validations/${enrollment.id}/${first.stepId}`)).status).toBe(200);
    const validated = await web.post(`/validations/${enrollment.id}/${first.stepId}/valider`, { note: 'Fait pendant la formation' });
    expect(validated.status).toBe(303);
    expect(validated.headers.location).toBe(`/equipe/participants/${people[0].id}?fait=etape#parcours`);
    const steps = (await t.http().get(`/api/participants/${people[0].id}`).set(facilitator.auth)).body.enrollments[0].steps;
    expect(steps.map((s: { status: string }) => s.status).slice(0, 2)).toEqual(['validated', 'todo']);
    const again = await web.get(`/equipe/participants/${people[0].id}`);
    expect(again.text).not.toContain(`/validations/${enrollment.id}/${first.stepId}"`);
    expect(again.text).toContain(`/validations/${enrollment.id}/${second.stepId}"`);
  });

  it('cancels with a reason: the young people of the session who have an account are told, with the reason', async () => {
    const machine = await makeMachine(t, facilitator, { name: 'Imprimante Prusa MK4', category: 'fdm_printer' });
    const sami = await makeLearner(t, facilitator, { referredByPartnerId: trainer.user.partnerId, firstName: 'Sami', lastName: 'Haddad' });
    const booking = await makeBooking(t, trainer, { machineId: machine.id, ...SLOT, participantIds: [sami.participant.id, people[1].id], kind: 'training' });
    const web = await webAs(trainer);
    await web.get(`/seances/${booking.id}`);
    expect((await web.post(`/seances/${booking.id}/annuler`, { reason: 'Formateur malade' })).status).toBe(303);
    const [told] = await waitForInbox(t, sami.session, 'booking_cancelled', 1, (n) => n.data.bookingId === booking.id);
    expect(told.title).toMatch(/^Réservation annulée : Imprimante Prusa MK4, /);
    expect(told.body).toContain('Motif : Formateur malade.');
  });

  it('moves a session: the young people of the session who have an account are told the new time, the trainer is not', async () => {
    const machine = await makeMachine(t, facilitator, { name: 'Imprimante Prusa Core One', category: 'fdm_printer' });
    const yanis = await makeLearner(t, facilitator, { referredByPartnerId: trainer.user.partnerId, firstName: 'Yanis', lastName: 'Benali' });
    const booking = await makeBooking(t, trainer, { machineId: machine.id, ...SLOT, participantIds: [yanis.participant.id, people[1].id], kind: 'training' });
    const web = await webAs(trainer);
    const page = await web.get(`/seances/${booking.id}`);
    expect(page.text).toContain('Les jeunes inscrits avec un compte sont prévenus du nouvel horaire.');
    expect((await web.post(`/seances/${booking.id}/deplacer`, { jour: '2027-01-14', debut: '14:00', minutes: '90' })).status).toBe(303);
    const [told] = await waitForInbox(t, yanis.session, 'booking_moved', 1, (n) => n.data.bookingId === booking.id);
    expect(told.title).toBe('Votre séance sur Imprimante Prusa Core One est déplacée au jeudi 14 janvier 2027 à 14h00');
    expect(told.body).toContain("est déplacée au jeudi 14 janvier 2027 à 14h00 (jusqu'à 15h30).");
    expect(told.body).toContain('Elle était prévue le mardi 12 janvier 2027 à 10h00.');
    expect(told.data).toMatchObject({ bookingId: booking.id, startsAt: '2027-01-14T13:00:00.000Z' });
    await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });
    const trainerInbox = (await t.http().get('/api/me/notifications?limit=200').set(trainer.auth)).body.items as { kind: string }[];
    expect(trainerInbox.some((n) => n.kind === 'booking_moved')).toBe(false);
  });

  it('takes one-tap posts from the team’s day page and goes back to a local page only', async () => {
    const { booking } = await fresh();
    const web = await webAs(facilitator);
    await web.get(`/seances/${booking.id}`);
    freezeClock(t, '2027-01-12T09:05:00.000Z');
    const tapIn = await web.post(`/seances/${booking.id}/arrivee`, { retour: '/equipe?jour=2027-01-12' });
    expect(tapIn.status).toBe(303);
    expect(tapIn.headers.location).toBe('/equipe?jour=2027-01-12');
    expect((await api(booking.id)).body.attendeeIds).toEqual([]);
    const twice = await web.post(`/seances/${booking.id}/arrivee`, { retour: '/equipe' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('L’arrivée du groupe est déjà enregistrée');
    const tapOut = await web.post(`/seances/${booking.id}/depart`, { retour: '//ailleurs.example/piege' });
    expect(tapOut.status).toBe(303);
    expect(tapOut.headers.location).toBe(`/seances/${booking.id}?fait=terminee`);
    const done = (await api(booking.id)).body;
    // Nobody listed: every planned participant attended, for the whole booked length.
    expect(done).toMatchObject({ status: 'completed', usedMinutes: 120 });
    expect(done.attendeeIds).toHaveLength(3);
  });

  it('moves a session, explaining a refusal in French (a closure and its reason), and cancels it with a reason', async () => {
    const { booking } = await fresh();
    const web = await webAs(trainer);
    await web.get(`/seances/${booking.id}`);
    const closed = await web.post(`/seances/${booking.id}/deplacer`, { jour: '2027-01-19', debut: '10:00', minutes: '120' });
    expect(closed.status).toBe(422);
    expect(closed.text).toContain('Le fablab est fermé ce jour-là : Inventaire annuel');
    const late = await web.post(`/seances/${booking.id}/deplacer`, { jour: '2027-01-14', debut: '17:00', minutes: '120' });
    expect(late.text).toContain('Le créneau sort des horaires d’ouverture du jeudi');
    const garbage = await web.post(`/seances/${booking.id}/deplacer`, { jour: 'demain', debut: '25:00', minutes: '7' });
    expect(garbage.status).toBe(422);
    expect(garbage.text).toContain('Indiquez le nouveau jour');
    expect(garbage.text).toContain('Choisissez l’heure de début');
    expect(garbage.text).toContain('Choisissez la durée');
    // 24:00 ends a day; it starts none (it was read as the next day's midnight, named after the wrong day).
    const midnight = await web.post(`/seances/${booking.id}/deplacer`, { jour: '2027-01-14', debut: '24:00', minutes: '60' });
    expect(midnight.status).toBe(422);
    expect(midnight.text).toContain('Choisissez l’heure de début');
    expect(midnight.text).not.toContain('vendredi');
    expect((await api(booking.id)).body.startsAt).toBe(SLOT.startsAt);

    const moved = await web.post(`/seances/${booking.id}/deplacer`, { jour: '2027-01-14', debut: '14:00', minutes: '90' });
    expect(moved.status).toBe(303);
    const afterMove = await web.get(moved.headers.location);
    expect(afterMove.text).toContain('La séance est déplacée. Les jeunes inscrits avec un compte sont prévenus du nouvel horaire.');
    expect(afterMove.text).not.toContain('prévenez-les');
    expect((await api(booking.id)).body).toMatchObject({ startsAt: '2027-01-14T13:00:00.000Z', endsAt: '2027-01-14T14:30:00.000Z' });

    const silent = await web.post(`/seances/${booking.id}/annuler`, { reason: '   ' });
    expect(silent.status).toBe(422);
    expect(silent.text).toContain('Dites en quelques mots pourquoi');
    expect((await api(booking.id)).body.status).toBe('confirmed');
    const cancelled = await web.post(`/seances/${booking.id}/annuler`, { reason: 'Formateur malade' });
    expect(cancelled.status).toBe(303);
    expect((await api(booking.id)).body).toMatchObject({ status: 'cancelled', cancelReason: 'Formateur malade' });
    const shown = await web.get(`/seances/${booking.id}`);
    expect(shown.text).toContain('Formateur malade');
    expect(shown.text).not.toContain('Déplacer la séance');
  });

  it('refuses a forged form (no CSRF token) and changes nothing', async () => {
    const { booking } = await fresh();
    const web = await webAs(trainer);
    await web.get(`/seances/${booking.id}`);
    const forged = await web.post(`/seances/${booking.id}/annuler`, { reason: 'x' }, { csrf: 'nope' });
    expect(forged.status).toBe(403);
    expect((await api(booking.id)).body.status).toBe('confirmed');
  });
});
