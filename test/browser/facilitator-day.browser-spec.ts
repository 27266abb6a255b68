import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { at, freezeClock, makeBooking, nextWeekday, slot } from '../factories/bookings.js';
import { makeMachine } from '../factories/machines.js';
import { enrol, type EnrollmentBody, makeLearner, makeParticipant } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { axeViolations, launchChromium, listen, overflowsHorizontally, PHONE, screenshot, TABLET } from '../helpers/browser.js';
import { filesIn, metadataOf, phoneJpeg } from '../helpers/photos.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A facilitator's day in Chromium with JavaScript off, at tablet (1024×768) and phone (360×740)
 * size — the "done when", end to end at each size: enrol a 14-year-old with their
 * guardian's consent — measured as a person fills the form (fields, taps, characters typed,
 * seconds) — give access (the QR code), find them in the list; check in the 14 h group in one
 * tap; validate a step with a photo (the stored file has no EXIF); report the clogged printer
 * and repair it through its work order (checklist ticked, meter read); show the target page.
 * Then every page again with axe-core (0 violations), no sideways scrolling, screenshots in
 * reports/screenshots/facilitator-*.png, figures in reports/enrolment-measure.json.
 */
describe('a facilitator’s day in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Session;
  let login = '';
  const year = new Date().getFullYear();
  const visited = new Set<string>();
  const measures: Record<string, unknown>[] = [];
  let staffState: Awaited<ReturnType<BrowserContext['storageState']>>;
  let richPerson = '';
  let quarterToTwo = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'fablab-facilitator-day-'));
  const evidenceDir = join(dataDir, 'evidence');
  /** Each size's own part of the day: its group at 14 h, its young person's step, its printer. */
  const todo: Record<number, { group: string; learner: string; enrollment?: EnrollmentBody; printer: string; printerName: string }> = {
    [TABLET.width]: { group: 'Porte-clés au laser', learner: 'Inès Moreau', printer: 'PRUSA-1', printerName: 'Imprimante 3D Prusa' },
    [PHONE.width]: { group: 'Écussons brodés', learner: 'Sam Leroy', printer: 'BAMBU-1', printerName: 'Imprimante 3D Bambu' },
  };

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir });
    base = await listen(t);
    browser = await launchChromium();
    admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Camille Animatrice' });
    login = (facilitator.user as unknown as { username: string }).username;
    const college = await makePartner(t, admin, { name: 'Collège Louise Michel' });
    const mission = await makePartner(t, admin, { name: 'Mission locale' });
    // The day: the laser cutter booked at 14 h for a partner's group, a printer out of order, a
    // step waiting; the app's clock at 13 h 45 that day.
    const day = nextWeekday(t, 'tue', 3);
    freezeClock(t, at(day, '10:00'));
    const laser = await makeMachine(t, facilitator, { name: 'Découpeuse laser', category: 'laser_cutter', requiresQualification: false });
    const group = [
      await makeParticipant(t, facilitator, { firstName: 'Maël', lastName: 'Durand', referredByPartnerId: mission.id }),
      await makeParticipant(t, facilitator, { firstName: 'Sarah', lastName: 'Martin', referredByPartnerId: mission.id }),
    ];
    await makeBooking(t, facilitator, { machineId: laser.id, ...slot(day, '14:00', '16:00'), kind: 'training', title: 'Porte-clés au laser', partnerId: mission.id, participantIds: group.map((p) => p.id) });
    const embroidery = await makeMachine(t, facilitator, { name: 'Brodeuse Brother', category: 'embroidery', requiresQualification: false });
    const pupils = [
      await makeParticipant(t, facilitator, { firstName: 'Nour', lastName: 'Haddad', referredByPartnerId: college.id }),
      await makeParticipant(t, facilitator, { firstName: 'Tom', lastName: 'Petit', referredByPartnerId: college.id }),
    ];
    await makeBooking(t, facilitator, { machineId: embroidery.id, ...slot(day, '14:00', '16:00'), kind: 'training', title: 'Écussons brodés', partnerId: college.id, participantIds: pupils.map((p) => p.id) });
    const resin = await makeMachine(t, facilitator, { name: 'Imprimante résine Form 3', category: 'resin_printer' });
    await t.http().post(`/api/machines/${resin.id}/status`).set(facilitator.auth).send({ status: 'out_of_order', reason: 'Bac de résine fissuré' }).expect(200);
    for (const size of [TABLET, PHONE]) {
      const mine = todo[size.width];
      await makeMachine(t, facilitator, { code: mine.printer, name: mine.printerName, category: 'fdm_printer' });
      const [firstName, lastName] = mine.learner.split(' ');
      const learner = await makeLearner(t, facilitator, { firstName, lastName, birthYear: year - 15 });
      mine.enrollment = await enrol(t, facilitator, learner.participant.id, 'EXPERIMENTER');
      const step = mine.enrollment.steps[0].stepId;
      await t.http().post(`/api/enrollments/${mine.enrollment.id}/steps/${step}/submit`).set(learner.session.auth).send({ note: 'Mon premier porte-clés imprimé en 3D !' }).expect(200);
    }
    const apprendre = await enrol(t, facilitator, group[0].id, 'APPRENDRE');
    await t.http().post(`/api/enrollments/${apprendre.id}/steps/${apprendre.steps[0].stepId}/validate`).set(facilitator.auth).send({ note: 'Projet : une lampe pour sa chambre' }).expect(200);
    await t.http().post(`/api/participants/${group[0].id}/qualifications`).set(facilitator.auth).send({ category: 'vinyl_cutter' }).expect(201);
    richPerson = group[0].id;
    quarterToTwo = at(day, '13:45');
    freezeClock(t, quarterToTwo);
  }, 120_000);

  afterAll(async () => {
    if (t) freezeClock(t, null);
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const path = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

  /**
   * Fills the enrolment form as a person on a tablet does: a tap on each field, then the keys;
   * a tap on each choice; a select is two taps (open, choose). Counts them.
   */
  async function enrolAsAPerson(page: Page, person: { firstName: string; lastName: string; guardian: string }) {
    let taps = 0;
    let characters = 0;
    const type = async (label: string, text: string) => {
      await page.getByLabel(label, { exact: true }).click();
      taps++;
      await page.keyboard.type(text);
      characters += text.length;
    };
    const tap = async (label: string) => {
      await page.getByLabel(label, { exact: true }).check();
      taps++;
    };
    const started = Date.now();
    await type('Prénom', person.firstName);
    await type('Nom', person.lastName);
    await type('Année de naissance', String(year - 14));
    await tap('Garçon');
    await tap('Élève');
    await tap('Oui');
    await type('Code postal (facultatif)', '73000');
    await page.getByLabel('Envoyé par (facultatif)').selectOption({ label: 'Collège Louise Michel' });
    taps += 2;
    await type('Téléphone', '0612345678');
    await type('Nom du responsable légal', person.guardian);
    await type('Téléphone du responsable', '0698765432');
    await tap('Le responsable légal est d’accord pour l’inscription');
    await tap('La personne accepte que le fablab enregistre ces informations');
    await tap('Expérimenter');
    await page.getByRole('button', { name: 'Inscrire' }).click();
    taps++;
    return { taps, characters, seconds: (Date.now() - started) / 1000 };
  }

  for (const size of [TABLET, PHONE]) {
    it(`enrols a 14-year-old with guardian consent and gives access, at ${size.width} px without JavaScript`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: size, baseURL: base });
      const page = await context.newPage();
      await page.goto('/equipe');
      await page.getByLabel('Identifiant ou adresse e-mail').fill(login);
      await page.getByLabel('Mot de passe').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      expect(new URL(page.url()).pathname).toBe('/equipe');
      visited.add('/equipe');
      await expect(page.locator('h1').textContent()).resolves.toBe('Aujourd’hui');
      await screenshot(page, `facilitator-aujourdhui-${size.width}`);
      // The 14 h group arrives: one tap, back to the day.
      await page.getByRole('button', { name: `Accueillir le groupe de 14 h – 16 h, ${todo[size.width].group}` }).click();
      expect(path(page)).toBe('/equipe?fait=arrivee');
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Le groupe est accueilli');
      const welcomed = page.locator('li', { has: page.getByRole('link', { name: new RegExp(todo[size.width].group) }) });
      await expect(welcomed.textContent()).resolves.toContain('En cours depuis 13 h 45');
      await screenshot(page, `facilitator-aujourdhui-accueilli-${size.width}`);
      await page.getByRole('link', { name: 'Participants' }).first().click();
      visited.add('/equipe/participants');
      await page.getByRole('link', { name: 'Inscrire un jeune' }).click();
      expect(new URL(page.url()).pathname).toBe('/equipe/participants/nouveau');
      visited.add('/equipe/participants/nouveau');
      await screenshot(page, `facilitator-inscrire-vide-${size.width}`);
      await page.screenshot({ path: `reports/screenshots/facilitator-inscrire-haut-${size.width}.png` });
      const fields = await page.locator('form.enrol-form').evaluate((form) => {
        const names = new Set([...form.querySelectorAll('input:not([type=hidden]), select, textarea')].map((e) => (e as HTMLInputElement).name));
        return names.size;
      });

      const firstName = size === TABLET ? 'Yanis' : 'Lina';
      const measure = await enrolAsAPerson(page, { firstName, lastName: 'Benali', guardian: 'Nadia Benali' });
      expect(new URL(page.url()).pathname).toMatch(/^\/equipe\/participants\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('C’est inscrit');
      await expect(page.locator('h1').textContent()).resolves.toBe(`${firstName} Benali`);
      await expect(page.title()).resolves.not.toContain('Benali');
      visited.add(new URL(page.url()).pathname);
      await screenshot(page, `facilitator-fiche-${size.width}`);
      await page.screenshot({ path: `reports/screenshots/facilitator-fiche-haut-${size.width}.png` }); // what the tablet shows first
      // A tablet: 1.5 s per tap (find the field, aim), 0.3 s per character on its keyboard.
      const estimated = Math.round(measure.taps * 1.5 + measure.characters * 0.3);
      measures.push({ viewport: `${size.width}x${size.height}`, fields, ...measure, estimatedHumanSeconds: estimated });
      expect(estimated).toBeLessThan(60);

      await page.getByRole('button', { name: 'Donner l’accès' }).click(); // under the confirmation, first thing on the page
      const code = (await page.locator('#code-activation').textContent())?.trim() ?? '';
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(await page.locator('.qr svg').count()).toBe(1);
      await screenshot(page, `facilitator-acces-${size.width}`);
      await page.getByRole('link', { name: 'Retour à la fiche' }).click();

      // The same person again: offered, not created twice.
      await page.goto('/equipe/participants/nouveau');
      await page.getByLabel('Prénom', { exact: true }).fill(firstName);
      await page.getByLabel('Nom', { exact: true }).fill('BENALI');
      await page.getByLabel('Année de naissance').fill(String(year - 14));
      await page.getByRole('button', { name: 'Inscrire' }).click();
      await expect(page.locator('#doublon').textContent()).resolves.toContain(`C’est peut-être ${firstName} Benali`);
      await screenshot(page, `facilitator-doublon-${size.width}`);
      await page.getByRole('link', { name: 'Ouvrir sa fiche' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe(`${firstName} Benali`);

      await page.goto('/equipe/participants');
      await page.getByLabel('Rechercher par prénom ou nom').fill('benali');
      await page.getByText('Filtrer par public').click();
      await page.getByLabel('Public', { exact: true }).selectOption('pupil');
      await page.getByLabel('Parcours', { exact: true }).selectOption('EXPERIMENTER');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      expect(path(page)).toBe('/equipe/participants?q=benali&public=pupil&parcours=EXPERIMENTER&statut=&partenaire=');
      visited.add(path(page));
      await expect(page.getByRole('link', { name: `${firstName} Benali` }).count()).resolves.toBe(1);
      await screenshot(page, `facilitator-liste-${size.width}`);

      // A step waits: validated with a photo taken on the tablet (setInputFiles stands for the
      // camera); the stored file keeps no EXIF, no GPS.
      const mine = todo[size.width];
      const enrollment = mine.enrollment as EnrollmentBody;
      await page.getByRole('link', { name: 'Accueil', exact: true }).click();
      await page.getByRole('link', { name: new RegExp(`^${mine.learner} :`) }).click();
      expect(path(page)).toBe(`/validations/${enrollment.id}/${enrollment.steps[0].stepId}`);
      visited.add(path(page));
      const photo = await phoneJpeg();
      expect(await metadataOf(photo)).toMatchObject({ exif: true, gps: true });
      const before = filesIn(evidenceDir);
      await page.getByLabel('Photo du travail (facultatif)').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByRole('button', { name: 'Valider l’étape' }).click();
      expect(path(page)).toBe('/validations?fait=validee');
      await screenshot(page, `facilitator-validee-${size.width}`);
      const stored = filesIn(evidenceDir).filter((file) => !before.includes(file) && !file.includes('.thumb.'));
      expect(stored).toHaveLength(1);
      expect(await metadataOf(readFileSync(join(evidenceDir, stored[0])))).toMatchObject({ exif: false, gps: false, xmp: false, camera: false });
      expect((await t.http().get(`/api/enrollments/${enrollment.id}`).set(admin.auth)).body.steps[0].status).toBe('validated');

      // The printer's nozzle is clogged: reported from its page, then repaired through the work
      // order the report opened (started, checklist ticked, meter read).
      await page.getByRole('link', { name: 'Machines', exact: true }).click();
      await page.getByRole('link', { name: mine.printerName }).click();
      expect(path(page)).toBe(`/m/${mine.printer}`);
      await page.getByRole('link', { name: 'Signaler un problème' }).click();
      await page.getByLabel('Elle ne marche plus').check();
      await page.getByLabel('Qu’est-ce qui se passe ?').fill('La buse est bouchée, le plastique ne sort plus.');
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      expect(path(page)).toBe(`/m/${mine.printer}?fait=signale`);
      await expect(page.locator('.machine-status').textContent()).resolves.toMatch(/En panne depuis/);
      await screenshot(page, `facilitator-machine-en-panne-${size.width}`);
      await page.getByRole('button', { name: 'Commencer' }).first().click();
      await page.getByRole('link', { name: 'Terminer…' }).click();
      visited.add(path(page));
      await page.getByLabel('La machine a été essayée et elle marche').check();
      await page.getByLabel('Les protections et l’arrêt d’urgence sont en place').check();
      await page.getByLabel('Le poste est propre et rangé').check();
      await page.getByLabel('Relevé du compteur, en heures (facultatif)').fill('312,5');
      await screenshot(page, `facilitator-ordre-terminer-${size.width}`);
      await page.getByRole('button', { name: 'Marquer comme terminé' }).click();
      expect(path(page)).toBe(`/m/${mine.printer}?fait=termine`);
      await expect(page.locator('.machine-status').textContent()).resolves.toMatch(/Disponible depuis/);
      visited.add(`/m/${mine.printer}`);
      await screenshot(page, `facilitator-machine-reparee-${size.width}`);
      const machine = (await t.http().get('/api/machines?limit=50').set(admin.auth)).body.items.find((m: { code: string }) => m.code === mine.printer);
      expect(machine).toMatchObject({ status: 'available', usageHours: 312.5 });
      const orders = (await t.http().get(`/api/maintenance/work-orders?machineId=${machine.id}`).set(admin.auth)).body.items;
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ kind: 'corrective', status: 'done', checklist: [{ done: true }, { done: true }, { done: true }] });
      expect(new Date(orders[0].createdAt).toISOString()).toBe(new Date(quarterToTwo).toISOString()); // opened by the report, on the app's clock
      await expect(page.locator('.machine-status').textContent()).resolves.toContain('13 h 45');

      // The numbers for Thursday's committee.
      await page.getByRole('link', { name: 'Objectif', exact: true }).click();
      expect(path(page)).toBe('/equipe/objectif');
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^Objectif \d{4} : 500 jeunes$/);
      await expect(page.locator('.target-big').textContent()).resolves.toMatch(/^\d+ jeunes? touchés?, soit/);
      visited.add('/equipe/objectif');
      await screenshot(page, `facilitator-objectif-${size.width}`);

      staffState = await context.storageState();
      await context.close();
    }, 180_000);
  }

  it('every page: 0 axe violations at 360 and 1024 px (errors too), no sideways scrolling', async () => {
    const violations: string[] = [];
    for (const size of [PHONE, TABLET]) {
      const context = await browser.newContext({ viewport: size, baseURL: base, storageState: staffState });
      const page = await context.newPage();
      for (const visit of visited) {
        await page.goto(visit);
        violations.push(...(await axeViolations(page)).map((v) => `${visit} @${size.width}: ${v}`));
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `facilitator${visit.replace(/[0-9a-f-]{36}/, 'id').replace(/[/?=&]+/g, '-')}-${size.width}`);
      }
      // A person with a path under way, a booking, a qualification; then their access page.
      await page.goto(`/equipe/participants/${richPerson}`);
      violations.push(...(await axeViolations(page)).map((v) => `person page @${size.width}: ${v}`));
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, `facilitator-fiche-complete-${size.width}`);
      await page.getByRole('button', { name: 'Donner l’accès' }).click();
      violations.push(...(await axeViolations(page)).map((v) => `access page @${size.width}: ${v}`));
      expect(await overflowsHorizontally(page)).toBe(false);
      // The form's error state.
      await page.goto('/equipe/participants/nouveau');
      await page.getByLabel('Année de naissance').fill(String(year - 13));
      await page.getByRole('button', { name: 'Inscrire' }).click();
      await expect(page.locator('.error-summary').textContent()).resolves.toContain('Moins de 15 ans');
      violations.push(...(await axeViolations(page)).map((v) => `/equipe/participants/nouveau (errors) @${size.width}: ${v}`));
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, `facilitator-inscrire-erreurs-${size.width}`);
      await context.close();
    }
    // The manager's erasure page.
    const manager = await browser.newContext({ viewport: PHONE, baseURL: base });
    const page = await manager.newPage();
    await page.goto(`/equipe/participants/${richPerson}/effacer`);
    await page.getByLabel('Identifiant ou adresse e-mail').fill('admin');
    await page.getByLabel('Mot de passe').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Effacer Maël Durand\u00a0?');
    for (const size of [PHONE, TABLET]) {
      await page.setViewportSize(size);
      violations.push(...(await axeViolations(page)).map((v) => `erasure page @${size.width}: ${v}`));
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, `facilitator-effacer-${size.width}`);
    }
    await manager.close();
    expect(violations).toEqual([]);
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/enrolment-measure.json', `${JSON.stringify(measures, null, 2)}\n`);
  }, 420_000); // some twenty pages, each at two sizes with axe-core: minutes on a busy two-core machine
});
