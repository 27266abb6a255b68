import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { at, freezeClock, makeBooking, nextWeekday } from '../factories/bookings.js';
import { makeMachine, makePlan, makeWorkOrder, type MachineBody } from '../factories/machines.js';
import { LEARNER_PASSWORD, makeLearner } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { itemTexts, listItems, section, textOf } from '../helpers/html.js';
import { FrenchDates } from '../../src/web/shell/french-dates.service.js';

/**
 * The machine pages: one page per machine at /m/<code> for every role, each seeing only what
 * the API shows them; the team's maintenance actions for facilitators and admins only.
 */
describe('machine pages', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Awaited<ReturnType<typeof makeStaff>>;
  let ines: Awaited<ReturnType<typeof makeLearner>>;
  let sam: Awaited<ReturnType<typeof makeLearner>>;
  let machine: MachineBody;
  let bookingId: string;
  let planId: string;

  const usernameOf = async (session: Session) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
  const signedIn = async (login: string, password: string) => {
    const web = new WebClient(t);
    await web.signIn(login, password);
    return web;
  };
  const incidents = async () => (await t.http().get(`/api/machines/${machine.id}/incidents`).set(facilitator.auth)).body.total as number;
  const setStatus = (id: string, status: string, reason: string) => t.http().post(`/api/machines/${id}/status`).set(facilitator.auth).send({ status, reason }).expect(200);
  /** "12,5 h", as a French reader writes hours (the figures' rounding: one decimal). */
  const frHours = (value: number) => `${(Math.round(value * 10) / 10).toLocaleString('fr-FR')} h`;
  const workOrders = async () => (await t.http().get(`/api/maintenance/work-orders?machineId=${machine.id}`).set(facilitator.auth)).body.items as { id: string; status: string; kind: string; checklist: { item: string; done: boolean }[] }[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    ines = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau' });
    sam = await makeLearner(t, facilitator, { firstName: 'Sam', lastName: 'Durandal', referredByPartnerId: trainer.user.partnerId });
    machine = await makeMachine(t, facilitator, { code: `LASER-${Date.now() % 100000}`, name: 'Découpeuse laser Trotec', category: 'laser_cutter', location: 'Atelier bois' });
    planId = (await makePlan(t, facilitator, machine.id, { title: 'Nettoyer la lentille', everyDays: 30, checklist: ['Nettoyer la lentille', 'Vider le bac'] })).id;
    // A Tuesday morning: the trainer's group is on the machine from 10 h to 12 h.
    const day = nextWeekday(t, 'tue');
    freezeClock(t, at(day, '08:00'));
    const booking = await makeBooking(t, trainer, { machineId: machine.id, kind: 'training', title: 'Atelier Mission locale', startsAt: at(day, '10:00'), endsAt: at(day, '12:00'), participantIds: [sam.participant.id] });
    bookingId = booking.id;
    freezeClock(t, at(day, '10:30'));
  });
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  it('sends someone not logged in to the login page, then back to the machine', async () => {
    const web = new WebClient(t);
    const first = await web.get(`/m/${machine.code}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/connexion?retour=${encodeURIComponent(`/m/${machine.code}`)}`);
    await web.get(first.headers.location as string);
    const login = await web.post('/connexion', { login: ines.username, password: LEARNER_PASSWORD, retour: `/m/${machine.code}` });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe(`/m/${machine.code}`);
  });

  it('shows a learner the machine without the team’s sections nor other people’s bookings', async () => {
    const web = await signedIn(ines.username, LEARNER_PASSWORD);
    const lower = await web.get(`/m/${machine.code.toLowerCase()}`);
    expect(lower.status).toBe(303);
    expect(lower.headers.location).toBe(`/m/${machine.code}`);
    const page = await web.get(`/m/${machine.code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Découpeuse laser Trotec');
    expect(page.text).toMatch(/Disponible depuis le/);
    expect(page.text).toContain('Il faut l’habilitation « Découpeuse laser »');
    expect(page.text).toContain('Tu ne l’as pas encore');
    expect(page.text).toContain('Tu n’as rien de réservé');
    expect(page.text).toContain(`/m/${machine.code}/signaler`);
    expect(page.text).not.toContain('Pour l’équipe');
    expect(page.text).not.toContain('Atelier Mission locale');
    expect(page.text).not.toContain('Durandal');
    expect(page.text).not.toContain('/seances/');
    expect(page.text).not.toContain('Nettoyer la lentille');
    const list = await web.get('/atelier');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/m/${machine.code}"`);
    expect(list.text).not.toContain('etiquettes');
    expect((await web.get('/m/NO-SUCH-MACHINE')).status).toBe(404);
  });

  it('gives the trainer of the booking running now "Commencer ma séance", and no maintenance action', async () => {
    const web = await signedIn(await usernameOf(trainer), STAFF_PASSWORD);
    await makeWorkOrder(t, facilitator, machine.id, { title: 'Contrôle trimestriel' });
    const page = await web.get(`/m/${machine.code}`);
    expect(page.status).toBe(200);
    // Trainers read the work orders, without links to pages that are the team's.
    expect(page.text).toContain('Contrôle trimestriel');
    expect(page.text).not.toMatch(/href="\/m\/[^"]+\/ordres\//);
    expect(page.text).toContain(`href="/formateur/reserver?machine=${machine.id}"`);
    expect(page.text).toContain(`href="/seances/${bookingId}"`);
    expect(page.text).toContain('Commencer ma séance');
    expect((await web.get(`/seances/${bookingId}`)).status).toBe(200); // the session page the link opens
    expect(page.text).toContain('Atelier Mission locale');
    expect(page.text).toContain('Pour l’équipe');
    expect(page.text).not.toContain('Créer un ordre de travail');
    expect(page.text).not.toContain('Entretiens préventifs');
    const before = (await workOrders()).length;
    const create = await web.post(`/m/${machine.code}/ordres`, { kind: 'corrective', title: 'Essai' });
    expect(create.status).toBe(404);
    expect(create.text).toContain('Page introuvable');
    expect((await web.post(`/m/${machine.code}/plans/${planId}/ordre`, {})).status).toBe(404);
    expect((await web.get('/atelier/etiquettes')).status).toBe(404);
    expect((await web.get('/atelier/entretien')).status).toBe(404);
    expect((await workOrders()).length).toBe(before);
  });

  it('lets a learner start their own open-lab time from the machine; not before check-in opens, never someone else’s', async () => {
    const day = nextWeekday(t, 'tue');
    const press = await makeMachine(t, facilitator, { name: 'Presse à badges', category: 'heat_press', requiresQualification: false });
    const own = await makeBooking(t, ines.session, { machineId: press.id, kind: 'open_lab', startsAt: at(day, '14:00'), endsAt: at(day, '15:00') });
    const web = await signedIn(ines.username, LEARNER_PASSWORD);
    const early = await web.get(`/m/${press.code}`);
    expect(early.text).toContain('14 h – 15 h'); // her booking is listed…
    expect(early.text).not.toContain('Commencer ma séance'); // …but check-in is not open at 10 h 30
    const tooEarly = await web.post(`/m/${press.code}/seances/${own.id}/arrivee`, {});
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.text).toContain('Ce n’est pas le moment');
    freezeClock(t, at(day, '13:50'));
    try {
      const page = await web.get(`/m/${press.code}`);
      expect(page.text).toContain('Commencer ma séance');
      expect(page.text).toContain(`/m/${press.code}/seances/${own.id}/arrivee`);
      expect((await web.post(`/m/${press.code}/seances/${bookingId}/arrivee`, {})).status).toBe(404); // the trainer's booking
      const started = await web.post(`/m/${press.code}/seances/${own.id}/arrivee`, {});
      expect(started.status).toBe(303);
      expect((await web.get(started.headers.location as string)).text).toContain('Ta séance a commencé à 13 h 50');
      expect((await t.http().get(`/api/bookings/${own.id}`).set(ines.session.auth)).body.checkedInAt).not.toBeNull();
    } finally {
      freezeClock(t, at(day, '10:30'));
    }
  });

  it('refuses a bad report in French and changes nothing', async () => {
    const web = await signedIn(ines.username, LEARNER_PASSWORD);
    await web.get(`/m/${machine.code}/signaler`);
    const before = await incidents();
    const res = await web.post(`/m/${machine.code}/signaler`, { severity: 'catastrophe', description: 'x' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Dis-nous si la machine marche encore.');
    expect(res.text).toContain('Explique ce qui se passe');
    expect(await incidents()).toBe(before);
    const forged = await web.post(`/m/${machine.code}/signaler`, { severity: 'minor', description: 'Bruit bizarre' }, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await incidents()).toBe(before);
  });

  it('lists the next free slots as the availability API gives them, after the group’s booking of the morning', async () => {
    const dates = t.app.get(FrenchDates);
    const api = (await t.http().get(`/api/machines/${machine.id}/availability`).set(ines.session.auth)).body as { free: { startsAt: string; endsAt: string }[] };
    // 10 h 30, the group on the machine until 12 h: the first free time is 12 h – 12 h 30, then the afternoon.
    expect(api.free.length).toBeGreaterThanOrEqual(5);
    const day = nextWeekday(t, 'tue');
    expect(api.free.slice(0, 2)).toEqual([
      { startsAt: at(day, '12:00'), endsAt: at(day, '12:30') },
      { startsAt: at(day, '13:30'), endsAt: at(day, '18:00') },
    ]);
    const web = await signedIn(ines.username, LEARNER_PASSWORD);
    const page = await web.get(`/m/${machine.code}`);
    const shown = itemTexts(section(page.text, 'Prochains créneaux libres'));
    expect(shown).toEqual(api.free.slice(0, 5).map((slot) => dates.slot(slot.startsAt, slot.endsAt)));
    expect(shown[0]).toMatch(/^mardi \d+ \S+, 12 h – 12 h 30$/);
    expect(page.text).not.toContain('Aucun créneau');
  });

  it('lets a learner report a blocking problem: back on the machine, out of order since now', async () => {
    const web = await signedIn(ines.username, LEARNER_PASSWORD);
    await web.get(`/m/${machine.code}/signaler`);
    const res = await web.post(`/m/${machine.code}/signaler`, { severity: 'blocking', description: 'Le laser ne coupe plus' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/m/${machine.code}?fait=signale`);
    const page = await web.get(res.headers.location as string);
    expect(page.text).toContain('Merci ! L’équipe du fablab est prévenue.');
    expect(page.text).toMatch(/En panne depuis le \d+ \S+ \d{4} à \d+ h/);
    expect(page.text).toContain('Aucun créneau tant que la machine n’est pas disponible.');
    expect((await t.http().get(`/api/machines/${machine.id}`).set(facilitator.auth)).body.status).toBe('out_of_order');
    // The trainer's group booked on it today sees its session touched by the breakdown.
    const trainerWeb = await signedIn(await usernameOf(trainer), STAFF_PASSWORD);
    expect((await trainerWeb.get(`/m/${machine.code}`)).text).toContain('touchée par une panne');
  });

  it('lets a facilitator repair it: start, then complete with the checklist and a meter reading', async () => {
    const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
    const page = await web.get(`/m/${machine.code}`);
    expect(page.text).toContain('Pour l’équipe');
    expect(Buffer.byteLength(page.text)).toBeLessThan(30_000);
    expect(page.text).toContain('Le laser ne coupe plus');
    expect(page.text).toContain('Disponibilité');
    const order = (await workOrders()).find((o) => o.kind === 'corrective' && o.status === 'open');
    expect(order).toBeDefined();
    const path = `/m/${machine.code}/ordres/${order!.id}`;
    expect((await web.post(`${path}/demarrer`, {})).status).toBe(303);
    await web.get(path);
    // Bad input: a meter that is not a number, then one lower than the meter; nothing changes.
    const bad = await web.post(`${path}/terminer`, { usageHours: 'douze', done: ['0'] });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Écrivez le relevé du compteur en heures');
    const meterSet = await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 20 });
    expect(meterSet.status).toBe(200);
    const lower = await web.post(`${path}/terminer`, { usageHours: '12', done: ['0'] });
    expect(lower.status).toBe(400);
    expect(lower.text).toContain('Le compteur est déjà à 20 h');
    expect((await workOrders()).find((o) => o.id === order!.id)!.status).toBe('in_progress');
    const done = await web.post(`${path}/terminer`, { usageHours: '21,5', done: ['0', '1', '2'], notes: 'Lentille changée' });
    expect(done.status).toBe(303);
    const after = (await workOrders()).find((o) => o.id === order!.id)!;
    expect(after.status).toBe('done');
    expect(after.checklist.every((c) => c.done)).toBe(true);
    const machineNow = (await t.http().get(`/api/machines/${machine.id}`).set(facilitator.auth)).body;
    expect(machineNow.status).toBe('available');
    expect(machineNow.usageHours).toBe(21.5);
    const back = await web.get(done.headers.location as string);
    expect(back.text).toMatch(/Disponible depuis le/);
    expect(back.text).toContain('L’ordre de travail est terminé.');
  });

  it('runs a preventive plan with its own checklist; an illegal move is explained', async () => {
    const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
    await web.get(`/m/${machine.code}`);
    const started = await web.post(`/m/${machine.code}/plans/${planId}/ordre`, {});
    expect(started.status).toBe(303);
    const orderPage = await web.get(started.headers.location as string);
    expect(orderPage.text).toContain('Vider le bac');
    const orderPath = started.headers.location as string;
    // A second tap opens the same order, not another one.
    const again = await web.post(`/m/${machine.code}/plans/${planId}/ordre`, {});
    expect([again.status, again.headers.location]).toEqual([303, orderPath]);
    expect((await web.post(`${orderPath}/attente`, {})).status).toBe(303);
    await web.get(orderPath);
    const refused = await web.post(`${orderPath}/attente`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Ce n’est plus possible');
    // Words of the address that are not actions are not found, whatever JavaScript objects inherit.
    for (const word of ['constructor', '__proto__', 'toString']) expect((await web.post(`${orderPath}/${word}`, {})).status).toBe(404);
    const page = await web.get(`/m/${machine.code}?fait=constructor`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('role="status"');
  });

  it('adds a plan through the form, with French errors for bad numbers', async () => {
    const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
    await web.get(`/m/${machine.code}`);
    const bad = await web.post(`/m/${machine.code}/plans`, { planTitle: '', everyDays: 'trente', everyUsageHours: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Donnez un nom à l’entretien');
    expect(bad.text).toContain('Écrivez un nombre entier de jours');
    const none = await web.post(`/m/${machine.code}/plans`, { planTitle: 'Graisser les rails', everyDays: '', everyUsageHours: '' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Dites quand le refaire');
    const plansBefore = (await t.http().get(`/api/machines/${machine.id}/maintenance-plans`).set(facilitator.auth)).body.total;
    expect(plansBefore).toBe(1);
    const ok = await web.post(`/m/${machine.code}/plans`, { planTitle: 'Graisser les rails', everyDays: '', everyUsageHours: '50', checklist: 'Graisser\nEssuyer' });
    expect(ok.status).toBe(303);
    const plans = (await t.http().get(`/api/machines/${machine.id}/maintenance-plans`).set(facilitator.auth)).body.items;
    expect(plans.find((p: { title: string }) => p.title === 'Graisser les rails')).toMatchObject({ everyUsageHours: 50, checklist: ['Graisser', 'Essuyer'] });
  });

  it('prints QR labels for the team, pointing at each machine’s short address; lists what maintenance is due', async () => {
    const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
    const sheet = await web.get('/atelier/etiquettes');
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('<svg');
    expect(sheet.text).toContain(`127.0.0.1/m/${machine.code}`);
    expect(sheet.text).toContain('Découpeuse laser Trotec');
    const other = await makeMachine(t, facilitator, { name: 'Brodeuse Brother', category: 'embroidery' });
    const narrowed = await web.get(`/atelier/etiquettes?code=${other.code}`);
    expect(narrowed.text).toContain(`/m/${other.code}`);
    expect(narrowed.text).not.toContain(`127.0.0.1/m/${machine.code}`);
    freezeClock(t, null);
    const due = await web.get('/atelier/entretien');
    expect(due.status).toBe(200);
    const soon = await makePlan(t, facilitator, other.id, { title: 'Huiler la canette', everyUsageHours: 1 });
    await t.http().post(`/api/machines/${other.id}/usage`).set(facilitator.auth).send({ usageHours: 2 });
    const dueNow = await web.get('/atelier/entretien');
    expect(dueNow.text).toContain('Huiler la canette');
    expect(dueNow.text).toContain('À faire maintenant : 1 h d’utilisation de plus que prévu');
    expect(dueNow.text).toContain(`/m/${other.code}/plans/${soon.id}/ordre`);
    const learner = await signedIn(ines.username, LEARNER_PASSWORD);
    expect((await learner.get('/atelier/etiquettes')).status).toBe(404);
    expect((await learner.get('/atelier/entretien')).status).toBe(404);
  });

  it('lets the team set a machine’s status by hand with a reason, and add a machine; others cannot', async () => {
    const other = await makeMachine(t, facilitator, { name: 'Fraiseuse Shaper', category: 'cnc_router' });
    const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
    await web.get(`/m/${other.code}`);
    const noReason = await web.post(`/m/${other.code}/etat`, { status: 'maintenance', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Dites pourquoi en quelques mots');
    const same = await web.post(`/m/${other.code}/etat`, { status: 'available', reason: 'rien' });
    expect(same.status).toBe(400);
    expect(same.text).toContain('La machine est déjà dans cet état.');
    expect((await t.http().get(`/api/machines/${other.id}`).set(facilitator.auth)).body.status).toBe('available');
    const ok = await web.post(`/m/${other.code}/etat`, { status: 'maintenance', reason: 'Changement de la fraise' });
    expect(ok.status).toBe(303);
    const page = await web.get(ok.headers.location as string);
    expect(page.text).toMatch(/En entretien depuis le/);
    expect(page.text).toContain('Changement de la fraise');

    await web.get('/atelier/nouvelle');
    const count = async () => (await t.http().get('/api/machines?limit=100').set(facilitator.auth)).body.total as number;
    const before = await count();
    const bad = await web.post('/atelier', { code: 'pas de code!', name: '', category: 'grille-pain', location: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Écrivez un code de 1 à 32 caractères');
    expect(bad.text).toContain('Écrivez le nom de la machine');
    expect(bad.text).toContain('Choisissez le genre de machine.');
    const dup = await web.post('/atelier', { code: other.code.toLowerCase(), name: 'Doublon', category: 'cnc_router' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('Une autre machine a déjà ce code.');
    expect(await count()).toBe(before);
    const added = await web.post('/atelier', { code: 'vinyle-02', name: 'Découpeuse vinyle Cricut', category: 'vinyl_cutter', location: 'Atelier textile' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe('/m/VINYLE-02?fait=ajoutee');
    expect(await count()).toBe(before + 1);
    const created = (await t.http().get('/api/machines?limit=100').set(facilitator.auth)).body.items.find((m: { code: string }) => m.code === 'VINYLE-02');
    expect(created).toMatchObject({ requiresQualification: false, location: 'Atelier textile' });

    const trainerWeb = await signedIn(await usernameOf(trainer), STAFF_PASSWORD);
    await trainerWeb.get(`/m/${other.code}`);
    expect((await trainerWeb.post(`/m/${other.code}/etat`, { status: 'retired', reason: 'x' })).status).toBe(404);
    expect((await trainerWeb.post('/atelier', { code: 'T-1', name: 'Intruse', category: 'other' })).status).toBe(404);
    expect((await trainerWeb.get('/atelier/nouvelle')).status).toBe(404);
    expect((await t.http().get(`/api/machines/${other.id}`).set(facilitator.auth)).body.status).toBe('maintenance');
    expect(await count()).toBe(before + 1);
  });

  it('lists the machines with their status, out of order first, then in maintenance, available, retired; the team sees the maintenance due', async () => {
    const dates = t.app.get(FrenchDates);
    freezeClock(t, at(nextWeekday(t, 'wed', 60), '10:00'));
    try {
      const saw = await makeMachine(t, facilitator, { name: 'Scie sauteuse Bosch', category: 'other' });
      const sander = await makeMachine(t, facilitator, { name: 'Ponceuse Festool', category: 'other' });
      const stapler = await makeMachine(t, facilitator, { name: 'Agrafeuse Rapid', category: 'other', location: 'Atelier textile' });
      const old = await makeMachine(t, facilitator, { name: 'Vieille imprimante Up', category: 'fdm_printer' });
      await setStatus(saw.id, 'out_of_order', 'Lame cassée');
      await setStatus(sander.id, 'maintenance', 'Changement du patin');
      await setStatus(old.id, 'retired', 'Remplacée par la Prusa');
      await makePlan(t, facilitator, stapler.id, { title: 'Huiler le mécanisme', everyUsageHours: 1 });
      await t.http().post(`/api/machines/${stapler.id}/usage`).set(facilitator.auth).send({ usageHours: 2 }).expect(200);
      const since = async (id: string) => dates.moment((await t.http().get(`/api/machines/${id}/status-history?limit=1`).set(facilitator.auth)).body.items[0].changedAt);

      const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
      const page = await web.get('/atelier');
      expect(page.status).toBe(200);
      const all = (await t.http().get('/api/machines?limit=100').set(facilitator.auth)).body.items as MachineBody[];
      const down = all.filter((m) => m.status === 'out_of_order').length;
      expect(down).toBeGreaterThan(0);
      expect(textOf(page.text)).toContain(`${down} machine${down > 1 ? 's' : ''} en panne en ce moment.`);
      const list = page.text.slice(page.text.indexOf('class="list machine-list"'));
      const rows = listItems(list.slice(0, list.indexOf('</ul>')));
      expect(rows).toHaveLength(all.length);
      // Each row: the machine, and its status as words (with since when), not a colour alone.
      const RANK: Record<string, number> = { 'En panne': 0, 'En entretien': 1, Disponible: 2, Retirée: 3 };
      const shown = rows.map((row) => {
        const name = textOf(row.match(/<a href="\/m\/[^"]+">([\s\S]*?)<\/a>/)?.[1] ?? '');
        const status = textOf(row.match(/<span class="status [^"]+">([\s\S]*?)<\/span>/)?.[1] ?? '');
        return { name, status, rank: RANK[status.replace(/ depuis le .*$/, '')], text: textOf(row) };
      });
      for (const machine of all) {
        const row = shown.find((r) => r.name === machine.name && r.text.includes(`(${machine.code})`));
        expect({ code: machine.code, rank: row?.rank }).toEqual({ code: machine.code, rank: RANK[{ out_of_order: 'En panne', maintenance: 'En entretien', available: 'Disponible', retired: 'Retirée' }[machine.status] as string] });
      }
      // What needs someone comes first: by status, then by name.
      const ordered = [...shown].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'fr'));
      expect(shown.map((r) => r.name)).toEqual(ordered.map((r) => r.name));
      expect(shown[0].rank).toBe(0);
      const rowOf = (m: MachineBody) => shown.find((r) => r.text.includes(`(${m.code})`))!.text;
      expect(rowOf(saw)).toBe(`Scie sauteuse Bosch (${saw.code}) En panne depuis le ${await since(saw.id)} Autre machine · Atelier`);
      expect(rowOf(sander)).toBe(`Ponceuse Festool (${sander.code}) En entretien depuis le ${await since(sander.id)} Autre machine · Atelier`);
      expect(rowOf(stapler)).toBe(`Agrafeuse Rapid (${stapler.code}) Disponible depuis le ${await since(stapler.id)} Autre machine · Atelier textile Entretien à faire : Huiler le mécanisme`);
      expect(rowOf(old)).toBe(`Vieille imprimante Up (${old.code}) Retirée depuis le ${await since(old.id)} Imprimante 3D à filament · Atelier`);
      expect(shown.findIndex((r) => r.name === 'Scie sauteuse Bosch')).toBeLessThan(shown.findIndex((r) => r.name === 'Ponceuse Festool'));
      expect(shown.findIndex((r) => r.name === 'Ponceuse Festool')).toBeLessThan(shown.findIndex((r) => r.name === 'Agrafeuse Rapid'));
      expect(shown.at(-1)?.name).toBe('Vieille imprimante Up');

      // A learner: the same order, without the retired machine nor the team's maintenance line.
      const learner = await signedIn(ines.username, LEARNER_PASSWORD);
      const theirs = await learner.get('/atelier');
      expect(theirs.text).toContain('Scie sauteuse Bosch');
      expect(theirs.text).not.toContain('Vieille imprimante Up');
      expect(theirs.text).not.toContain('Huiler le mécanisme');
    } finally {
      freezeClock(t, null);
    }
  });

  it('shows the team a machine’s status history, its failures, MTBF and MTTR as the API computes them, and its plans with when they are due', async () => {
    const dates = t.app.get(FrenchDates);
    const first = nextWeekday(t, 'tue', 40); // a Tuesday: open 9 h – 12 h 30 and 13 h 30 – 18 h
    const wed = first.plus({ days: 1 });
    const thu = first.plus({ days: 9 });
    const now = at(first.plus({ days: 14 }), '10:30');
    let saw: MachineBody;
    try {
      freezeClock(t, at(first, '09:00'));
      saw = await makeMachine(t, facilitator, { name: 'Scie à chantourner Hegner', category: 'other' });
      await makePlan(t, facilitator, saw.id, { title: 'Graisser la table', everyDays: 7 });
      await makePlan(t, facilitator, saw.id, { title: 'Changer la lame', everyDays: undefined, everyUsageHours: 50 });
      freezeClock(t, at(wed, '10:00'));
      await setStatus(saw.id, 'out_of_order', 'Lame cassée');
      freezeClock(t, at(wed, '15:00'));
      await setStatus(saw.id, 'available', 'Lame changée');
      freezeClock(t, at(thu, '10:00'));
      await setStatus(saw.id, 'out_of_order', 'Moteur qui chauffe');
      freezeClock(t, at(thu, '11:30'));
      await setStatus(saw.id, 'available', 'Moteur refroidi, essais concluants');
      freezeClock(t, now);

      const web = await signedIn(await usernameOf(facilitator), STAFF_PASSWORD);
      const page = await web.get(`/m/${saw.code}`);
      expect(page.status).toBe(200);

      expect(itemTexts(section(page.text, 'Historique des états'))).toEqual([
        `Disponible · ${dates.moment(at(thu, '11:30'))} Moteur refroidi, essais concluants`,
        `En panne · ${dates.moment(at(thu, '10:00'))} Moteur qui chauffe`,
        `Disponible · ${dates.moment(at(wed, '15:00'))} Lame changée`,
        `En panne · ${dates.moment(at(wed, '10:00'))} Lame cassée`,
        // Its creation is dated by the database (the real time), not by the stopped clock.
        `Disponible · ${dates.moment(saw.createdAt)} Machine ajoutée au catalogue`,
      ]);

      // The figures of the last 30 days: the API's for this machine over the same period.
      const api = (await t.http().get(`/api/machines/${saw.id}/metrics`).set(facilitator.auth)).body;
      expect(api).toMatchObject({ failures: 2, to: new Date(now).toISOString() });
      expect(api.mtbfHours).toEqual(expect.any(Number));
      expect(api.mttrHours).toEqual(expect.any(Number));
      const figures = Object.fromEntries(
        [...section(page.text, 'Sur les 30 derniers jours').matchAll(/<dt>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g)].map((m) => [textOf(m[1]), textOf(m[2])]),
      );
      expect(figures).toMatchObject({
        Pannes: '2',
        'Temps moyen entre deux pannes': frHours(api.mtbfHours),
        'Temps moyen de réparation': frHours(api.mttrHours),
      });
      expect(frHours(api.mtbfHours)).not.toBe(frHours(api.mttrHours));

      // The preventive plans, each with when it is due (the API's due state at the same instant).
      const plans = (await t.http().get(`/api/machines/${saw.id}/maintenance-plans`).set(facilitator.auth)).body.items as { title: string; due: { status: string; dueAt: string | null } }[];
      const grease = plans.find((p) => p.title === 'Graisser la table')!;
      expect(grease.due).toMatchObject({ status: 'due', dueAt: at(first.plus({ days: 7 }), '09:00') });
      expect(plans.find((p) => p.title === 'Changer la lame')!.due).toMatchObject({ status: 'ok', usageHoursLeft: 50 });
      const shownPlans = itemTexts(section(page.text, 'Entretiens préventifs'));
      expect(shownPlans).toEqual([
        `Graisser la table tous les 7 jours, fait la dernière fois le ${dates.date(at(first, '09:00'))}. À faire maintenant : prévu le ${dates.date(grease.due.dueAt as string)} Lancer cet entretien`,
        `Changer la lame toutes les 50 h d’utilisation, fait la dernière fois le ${dates.date(at(first, '09:00'))}. À jour : encore 50 h d’utilisation Lancer cet entretien`,
      ]);
    } finally {
      freezeClock(t, null);
    }
  });
});
