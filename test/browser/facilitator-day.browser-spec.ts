import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { at, freezeClock, makeBooking, nextWeekday, slot } from '../factories/bookings.js';
import { makeMachine } from '../factories/machines.js';
import { enrol, makeParticipant } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { axeViolations, launchChromium, listen, overflowsHorizontally, PHONE, screenshot, TABLET } from '../helpers/browser.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A facilitator's day in Chromium with JavaScript off, at tablet (1024×768) and phone (360×740)
 * size: enrol a 14-year-old with their guardian's consent — measured as a person fills the form
 * (fields, taps, characters typed, seconds) — give access (the QR code), open the person's page
 * and find them in the list; then every page again with axe-core (0 violations), no sideways
 * scrolling, screenshots in reports/screenshots/facilitator-*.png, figures in
 * reports/enrolment-measure.json.
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

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    browser = await launchChromium();
    admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Camille Animatrice' });
    login = (facilitator.user as unknown as { username: string }).username;
    await makePartner(t, admin, { name: 'Collège Louise Michel' });
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
    const printer = await makeMachine(t, facilitator, { name: 'Imprimante Prusa' });
    await t.http().post(`/api/machines/${printer.id}/status`).set(facilitator.auth).send({ status: 'out_of_order', reason: 'Buse bouchée' }).expect(200);
    const apprendre = await enrol(t, facilitator, group[0].id, 'APPRENDRE');
    await t.http().post(`/api/enrollments/${apprendre.id}/steps/${apprendre.steps[0].stepId}/validate`).set(facilitator.auth).send({ note: 'Projet : une lampe pour sa chambre' }).expect(200);
    await t.http().post(`/api/participants/${group[0].id}/qualifications`).set(facilitator.auth).send({ category: 'vinyl_cutter' }).expect(201);
    richPerson = group[0].id;
    freezeClock(t, at(day, '13:45'));
  }, 120_000);

  afterAll(async () => {
    if (t) freezeClock(t, null);
    await browser?.close();
    await t?.close();
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
      if (size === TABLET) {
        // The 14 h group arrives: one tap, back to the day.
        await page.getByRole('button', { name: /Accueillir le groupe de 14 h/ }).click();
        expect(path(page)).toBe('/equipe?fait=arrivee');
        await expect(page.locator('main').textContent()).resolves.toContain('En cours depuis 13 h 45');
        await screenshot(page, `facilitator-aujourdhui-accueilli-${size.width}`);
      }
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
      staffState = await context.storageState();
      await context.close();
    }, 120_000);
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
  }, 180_000);
});
