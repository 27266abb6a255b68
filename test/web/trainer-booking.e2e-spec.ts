import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { freezeClock, makeBooking } from '../factories/bookings.js';
import { makeLearner as makeRawLearnerSession, makeMachine, makeWorkOrder, type MachineBody } from '../factories/machines.js';
import { makeParticipant, type ParticipantBody } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { makeRawLearner } from '../helpers/learner.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { itemTexts, section } from '../helpers/html.js';

/**
 * "Réserver" and "Mes réservations" for a partner trainer: a machine's week on the 15-minute grid
 * (closures and maintenance with their reason), a slot for the young people of their own
 * organisation, refusals in French with nothing booked, a weekly series previewed (nothing
 * written) then confirmed, the disruption flag, the calendar link. The clock is stopped on
 * Monday 2027-01-04, 10:00 in Paris.
 */
describe('trainer booking pages', () => {
  const NOW = '2027-01-04T09:00:00.000Z';
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { id: string; partnerId: string | null } };
  let other: Session & { user: { id: string; partnerId: string | null } };
  let laser: MachineBody;
  let prusa: MachineBody;
  let mine: ParticipantBody[];
  let theirs: ParticipantBody;
  let web: WebClient;

  const username = async (s: Session) => (await t.http().get('/api/auth/me').set(s.auth)).body.username as string;
  const webAs = async (s: Session) => {
    const client = new WebClient(t);
    await client.signIn(await username(s), STAFF_PASSWORD);
    return client;
  };
  const bookingsOf = async (s: Session) =>
    (await t.http().get(`/api/bookings?machineId=${laser.id}&mine=true&status=confirmed&limit=100`).set(s.auth)).body.items as { id: string; startsAt: string; seriesId: string | null; participantIds: string[] }[];
  const form = (overrides: Record<string, string | string[]> = {}) => ({
    machineId: laser.id,
    semaine: '2027-01-04',
    jour: '2027-01-07',
    debut: '15:00',
    minutes: '120',
    kind: 'session',
    title: '',
    participantIds: mine.map((p) => p.id),
    repetition: 'une',
    everyWeeks: '1',
    count: '',
    until: '',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    other = await makeStaff(t, admin, 'trainer');
    laser = await makeMachine(t, facilitator, { name: 'Découpeuse laser Trotec', category: 'laser_cutter', requiresQualification: true });
    prusa = await makeMachine(t, facilitator, { name: 'Imprimante Prusa', category: 'fdm_printer' });
    await makeMachine(t, facilitator, { name: 'Imprimante Bambu', category: 'fdm_printer' });
    const referred = { referredByPartnerId: trainer.user.partnerId };
    mine = [
      await makeParticipant(t, facilitator, { ...referred, firstName: 'Lina', lastName: 'Martin' }),
      await makeParticipant(t, facilitator, { ...referred, firstName: 'Sam', lastName: 'Durand' }),
      await makeParticipant(t, facilitator, { ...referred, firstName: 'Noé', lastName: 'Petit' }),
    ];
    theirs = await makeParticipant(t, facilitator, { referredByPartnerId: other.user.partnerId, firstName: 'Zoé', lastName: 'Ailleurs' });
    const hours = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({ weekly: hours.weekly, closures: [{ from: '2027-01-21', to: '2027-01-21', reason: 'Inventaire annuel' }] })
      .expect(200);
    await makeWorkOrder(t, facilitator, laser.id, { kind: 'preventive', title: 'Changement de la lentille', windowStart: '2027-01-07T09:00', windowEnd: '2027-01-07T10:00' });
    await makeBooking(t, facilitator, { machineId: laser.id, startsAt: '2027-01-07T13:00:00.000Z', endsAt: '2027-01-07T14:00:00.000Z', kind: 'training' });
    web = await webAs(trainer);
  }, 120_000);
  beforeEach(() => freezeClock(t, NOW));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  it('lists the machines by category, then shows a week with free and taken slots, closures and maintenance with their reason', async () => {
    const list = await web.get('/formateur/reserver');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Découpeuse laser</h2>');
    expect(list.text).toContain(`/formateur/reserver?machine=${laser.id}`);

    const week = await web.get(`/formateur/reserver?machine=${laser.id}&semaine=2027-01-04`);
    expect(week.status).toBe(200);
    expect(week.text).toContain('Semaine du lundi 4 janvier au dimanche 10 janvier');
    expect(week.text).toContain('jeudi 7 janvier');
    // The days the fablab never opens are left out of the grid, and said.
    expect(week.text).not.toContain('lundi 4 janvier</h3>');
    expect(week.text).toContain('Le fablab n’ouvre pas le lundi ni le dimanche.');
    expect(week.text).toMatch(/9 h – 10 h<\/span> <span class="seg-what">Entretien de la machine : Changement de la lentille/);
    expect(week.text).toMatch(/14 h – 15 h<\/span> <span class="seg-what">Déjà réservé/);
    expect(week.text).toMatch(/15 h – 18 h<\/span> <span class="seg-what">Libre/);
    expect(week.text).toContain('jour=2027-01-07&amp;debut=15:00');
    expect(week.text).not.toContain('Les jeunes qui viennent');
    expect(Buffer.byteLength(week.text)).toBeLessThan(30_000);

    // "Any 3D printer": the free stretches of both, closures with their reason.
    expect(list.text).toContain('href="/formateur/reserver?categorie=fdm_printer"');
    expect(list.text).not.toContain('categorie=laser_cutter');
    const any = await web.get('/formateur/reserver?categorie=fdm_printer&semaine=2027-01-18');
    expect(any.status).toBe(200);
    expect(any.text).toContain('Réserver : Imprimante 3D à filament');
    expect(any.text).toMatch(/13 h 30 – 18 h<\/span> <span class="seg-what">Imprimante Bambu<\/span>/);
    expect(any.text).toMatch(/13 h 30 – 18 h<\/span> <span class="seg-what">Imprimante Prusa<\/span>/);
    expect(any.text).toContain(`machine=${prusa.id}&amp;semaine=2027-01-18&amp;jour=2027-01-19&amp;debut=09:00`);
    expect(any.text).toContain('Fablab fermé : Inventaire annuel');
    expect(any.text).toContain('Le fablab n’ouvre pas le lundi ni le dimanche.');

    const closed = await web.get(`/formateur/reserver?machine=${laser.id}&semaine=2027-01-18`);
    expect(closed.text).toMatch(/Fablab fermé : Inventaire annuel/);
    expect(closed.text).toContain('← Semaine précédente');

    const chosen = await web.get(`/formateur/reserver?machine=${laser.id}&semaine=2027-01-04&jour=2027-01-07&debut=15:00`);
    expect(chosen.text).toContain('Votre réservation : jeudi 7 janvier');
    for (const name of ['Lina Martin', 'Sam Durand', 'Noé Petit']) expect(chosen.text).toContain(name);
    expect(chosen.text).not.toContain('Ailleurs');
    expect(chosen.text).toContain('Pas encore habilités à cette machine');
  });

  it('explains a refusal in French on the form and books nothing: qualification, conflict, someone else’s young person, bad input', async () => {
    const notQualified = await web.post('/formateur/reserver', form());
    expect(notQualified.status).toBe(422);
    expect(notQualified.text).toContain('n’ont pas l’habilitation « Découpeuse laser » valable à cette date');
    expect(notQualified.text).toContain('Lina Martin');
    expect(notQualified.text).toContain('pour une séance, chaque jeune doit l’avoir');

    const conflict = await web.post('/formateur/reserver', form({ kind: 'training', debut: '13:30' }));
    expect(conflict.status).toBe(422);
    expect(conflict.text).toContain('La machine est déjà réservée de 14 h à 15 h ce jour-là');

    const maintenance = await web.post('/formateur/reserver', form({ kind: 'training', debut: '09:00', minutes: '60' }));
    expect(maintenance.text).toContain('Un entretien de la machine est prévu de 9 h à 10 h (Changement de la lentille)');

    const stranger = await web.post('/formateur/reserver', form({ kind: 'training', participantIds: [mine[0].id, theirs.id] }));
    expect(stranger.status).toBe(422);
    expect(stranger.text).toContain('Cochez seulement des jeunes de votre structure');
    expect(stranger.text).not.toContain('Ailleurs');

    const garbage = await web.post('/formateur/reserver', form({ kind: 'open_lab', minutes: '7', debut: '15:07' }));
    expect(garbage.status).toBe(422);
    expect(garbage.text).toContain('Choisissez le type de réservation');
    expect(garbage.text).toContain('Choisissez la durée');
    expect(await bookingsOf(trainer)).toEqual([]);
  });

  it('books a training for three young people and opens its session page', async () => {
    const res = await web.post('/formateur/reserver', form({ kind: 'training', title: 'Atelier porte-clés' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/seances\/[0-9a-f-]{36}\?fait=reservee$/);
    const page = await web.get(res.headers.location as string);
    expect(page.text).toContain('C’est réservé.');
    expect(page.text).toContain('Atelier porte-clés');
    const booked = await bookingsOf(trainer);
    expect(booked).toHaveLength(1);
    expect(booked[0].participantIds.sort()).toEqual(mine.map((p) => p.id).sort());
    const week = await web.get(`/formateur/reserver?machine=${laser.id}&semaine=2027-01-04`);
    expect(week.text).toMatch(/15 h – 17 h<\/span> <span class="seg-what">Votre réservation<\/span> <a href="\/seances\//);
  });

  it('previews a weekly series (a closure refused with its reason, nothing booked), then confirms it and reports', async () => {
    const series = form({ kind: 'training', jour: '2027-01-14', debut: '14:00', semaine: '2027-01-11', repetition: 'hebdo', count: '4' });
    const both = await web.post('/formateur/reserver', { ...series, until: '2027-02-04' });
    expect(both.status).toBe(422);
    expect(both.text).toContain('Indiquez soit un nombre de séances, soit une date de fin');
    const tooMany = await web.post('/formateur/reserver', { ...series, count: '99' });
    expect(tooMany.text).toContain('Indiquez le nombre de séances (de 2 à 52)');

    const before = (await bookingsOf(trainer)).length;
    const preview = await web.post('/formateur/reserver', series);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('1 date impossible');
    expect(preview.text).toContain('jeudi 21 janvier, 14 h – 16 h');
    expect(preview.text).toContain('Le fablab est fermé ce jour-là : Inventaire annuel');
    expect(preview.text).toContain('3 dates possibles');
    expect(preview.text).toContain('Réserver ces 3 dates');
    expect(await bookingsOf(trainer)).toHaveLength(before);

    const confirmed = await web.post('/formateur/reserver/serie', series);
    // Post/redirect/get: the report has its own address, and reloading it books nothing again.
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toMatch(/^\/formateur\/reserver\/serie\/[0-9a-f-]{36}$/);
    await web.get(confirmed.headers.location as string);
    const report = await web.get(confirmed.headers.location as string);
    expect(report.status).toBe(200);
    expect(report.text).toContain('3 séances réservées');
    expect(report.text).not.toContain('déjà réservée');
    const outsider = await webAs(other);
    expect((await outsider.get(confirmed.headers.location as string)).status).toBe(404);
    expect(report.text).toContain('Pas réservées');
    expect(report.text).toContain('Inventaire annuel');
    const booked = (await bookingsOf(trainer)).filter((b) => b.seriesId);
    // Every 2 weeks until a date: the same preview, nothing written.
    const fortnight = await web.post('/formateur/reserver', { ...series, debut: '09:00', count: '', everyWeeks: '2', until: '2027-02-25' });
    expect(fortnight.status).toBe(200);
    expect(fortnight.text).toContain('4 dates possibles');
    for (const day of ['jeudi 14 janvier', 'jeudi 28 janvier', 'jeudi 11 février', 'jeudi 25 février']) expect(fortnight.text).toContain(`${day}, 9 h – 11 h`);
    expect(fortnight.text).not.toContain('jeudi 21 janvier');
    expect(booked.map((b) => b.startsAt)).toEqual(['2027-01-14T13:00:00.000Z', '2027-01-28T13:00:00.000Z', '2027-02-04T13:00:00.000Z']);
  });

  it('lists my coming sessions with the disruption flag, never another partner’s; the calendar link is a webcal address', async () => {
    await t.http().post(`/api/machines/${laser.id}/incidents`).set(facilitator.auth).send({ severity: 'blocking', description: 'Le tube laser ne s’allume plus' }).expect(201);
    const list = await web.get('/formateur/reservations');
    expect(list.status).toBe(200);
    expect(list.text).toContain('jeudi 14 janvier, 14 h – 16 h');
    expect(list.text).toContain('Machine en panne');
    expect(list.text).toMatch(/href="\/seances\/[0-9a-f-]{36}"/);
    const home = await web.get('/formateur');
    expect(home.text).toContain('touchée');
    const sessionPath = list.text.match(/href="(\/seances\/[0-9a-f-]{36})"/)?.[1] as string;
    expect((await web.get(sessionPath)).text).toContain('Machine en panne : un problème bloquant a été signalé');
    const down = await web.get(`/formateur/reserver?machine=${laser.id}&semaine=2027-01-04`);
    expect(down.text).toContain('Cette machine est en panne');
    expect(down.text).not.toContain('Déjà réservé');

    const otherWeb = await webAs(other);
    const otherList = await otherWeb.get('/formateur/reservations');
    expect(otherList.text).not.toContain('jeudi 14 janvier');
    expect(otherList.text).not.toContain('Martin');

    await web.get('/formateur/reservations');
    const calendar = await web.post('/formateur/calendrier', {});
    expect(calendar.status).toBe(200);
    const link = calendar.text.match(/href="(webcal:\/\/[^"]+\.ics)"/)?.[1];
    expect(link).toBeDefined();
    const feed = await t.http().get(new URL((link as string).replace('webcal:', 'http:')).pathname);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
  });

  it('keeps learners out (404)', async () => {
    await makeRawLearner(t, 'apprenti-reserve');
    const learner = new WebClient(t);
    await learner.signIn('apprenti-reserve', 'learner-password-1');
    for (const path of ['/formateur', '/formateur/reserver', `/formateur/reserver?machine=${laser.id}`, '/formateur/reservations']) {
      const res = await learner.get(path);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page introuvable');
    }
    expect((await learner.post('/formateur/reserver', form({ kind: 'training' }))).status).toBe(404);
  });

  it('answers odd addresses plainly: an unknown machine is not found, a bad week is this week', async () => {
    expect((await web.get('/formateur/reserver?machine=pas-une-machine')).status).toBe(404);
    expect((await web.get('/formateur/reserver?machine=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const odd = await web.get(`/formateur/reserver?machine=${prusa.id}&semaine=2027-13-45&jour=hier&debut=midi`);
    expect(odd.status).toBe(200);
    expect(odd.text).toContain('Semaine du lundi 4 janvier');
    const far = await web.get(`/formateur/reserver?machine=${prusa.id}&semaine=2030-01-07`);
    expect(far.text).toContain('Semaine du lundi 29 mars');
    expect(far.text).not.toContain('Semaine suivante');
  });

  it('shows my past sessions under "Passées" with their date, newest first, and the coming ones only under "À venir"', async () => {
    // Booked a week earlier, for Tuesday 29 December 2026 (before the stopped clock's Monday 4 January).
    freezeClock(t, '2026-12-22T09:00:00.000Z');
    const past = await makeBooking(t, trainer, { machineId: prusa.id, kind: 'training', title: 'Atelier de Noël', startsAt: '2026-12-29T13:00:00.000Z', endsAt: '2026-12-29T15:00:00.000Z' });
    await makeBooking(t, trainer, { machineId: prusa.id, kind: 'training', title: 'Premier atelier', startsAt: '2026-12-23T09:00:00.000Z', endsAt: '2026-12-23T10:00:00.000Z' });
    freezeClock(t, NOW);
    const coming = await makeBooking(t, trainer, { machineId: prusa.id, kind: 'training', title: 'Atelier du vendredi', startsAt: '2027-01-08T13:00:00.000Z', endsAt: '2027-01-08T15:00:00.000Z' });
    const list = await web.get('/formateur/reservations');
    expect(list.status).toBe(200);
    const before = section(list.text, 'Passées');
    expect(itemTexts(before)).toEqual([
      'mardi 29 décembre 2026, 14 h – 16 h Imprimante Prusa · Formation · Atelier de Noël · aucun jeune inscrit · Réservée',
      'mercredi 23 décembre 2026, 10 h – 11 h Imprimante Prusa · Formation · Premier atelier · aucun jeune inscrit · Réservée',
    ]); // newest first
    expect(before).toContain(`href="/seances/${past.id}"`);
    const upcoming = itemTexts(section(list.text, 'À venir'));
    expect(upcoming).toContain('vendredi 8 janvier, 14 h – 16 h Imprimante Prusa · Formation · Atelier du vendredi · aucun jeune inscrit');
    expect(upcoming.join('\n')).not.toContain('Atelier de Noël');
    expect(before).not.toContain(coming.id);
    // Another partner's trainer sees neither.
    const otherList = await (await webAs(other)).get('/formateur/reservations');
    expect(itemTexts(section(otherList.text, 'Passées'))).toEqual([]);
    expect(otherList.text).not.toContain('Atelier de Noël');
  });

  it('shows the newest past sessions first even when there are more than 200 in the last 180 days', async () => {
    const busy = await makeStaff(t, admin, 'trainer');
    // September 2026: 208 half-hour trainings on the Prusa, Tuesday to Saturday, 16 a day.
    freezeClock(t, '2026-08-31T08:00:00.000Z');
    const starts: string[] = [];
    for (let day = 1; starts.length < 208; day++) {
      const date = new Date(Date.UTC(2026, 8, day));
      if (date.getUTCDay() === 0 || date.getUTCDay() === 1) continue;
      for (const [from, count] of [[7, 7], [11.5, 9]] as const) for (let i = 0; i < count; i++) starts.push(new Date(date.getTime() + (from + i / 2) * 3_600_000).toISOString());
    }
    for (const startsAt of starts.slice(0, 208)) {
      await makeBooking(t, busy, { machineId: prusa.id, kind: 'training', startsAt, endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString() });
    }
    freezeClock(t, NOW);
    const list = await (await webAs(busy)).get('/formateur/reservations');
    const past = itemTexts(section(list.text, 'Passées'));
    expect(past).toHaveLength(30);
    const last = new Date(starts[207]);
    expect(past[0]).toMatch(new RegExp(`^\\S+ ${last.getUTCDate()} septembre 2026, 17 h 30 – 18 h `));
  });
});

describe('POST /api/bookings/series/preview', () => {
  let t: TestApp;
  let trainer: Session & { user: { partnerId: string | null } };
  let learner: Session;
  let machine: MachineBody;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2027-01-04T09:00:00.000Z');
    const admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeRawLearnerSession(t);
    machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const hours = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ weekly: hours.weekly, closures: [{ from: '2027-01-21', to: '2027-01-21', reason: 'Inventaire' }] }).expect(200);
  }, 120_000);
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  const body = { kind: 'session', firstStartsAt: '2027-01-14T14:00', durationMinutes: 120, count: 3 };

  it('says what would be booked and skipped, and writes nothing', async () => {
    const res = await t.http().post('/api/bookings/series/preview').set(trainer.auth).send({ ...body, machineId: machine.id });
    expect(res.status).toBe(200);
    expect(res.body.bookable).toEqual([
      { startsAt: '2027-01-14T13:00:00.000Z', endsAt: '2027-01-14T15:00:00.000Z' },
      { startsAt: '2027-01-28T13:00:00.000Z', endsAt: '2027-01-28T15:00:00.000Z' },
    ]);
    expect(res.body.skipped).toEqual([{ startsAt: '2027-01-21T13:00:00.000Z', error: expect.objectContaining({ code: 'OUTSIDE_OPENING_HOURS' }) }]);
    const list = await t.http().get(`/api/bookings?machineId=${machine.id}`).set(trainer.auth);
    expect(list.body.total).toBe(0);
  });

  it('refuses bad input (400) and learners (403)', async () => {
    const bad = await t.http().post('/api/bookings/series/preview').set(trainer.auth).send({ ...body, machineId: machine.id, count: undefined });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    const refused = await t.http().post('/api/bookings/series/preview').set(learner.auth).send({ ...body, machineId: machine.id });
    expect(refused.status).toBe(403);
  });
});
