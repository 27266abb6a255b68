import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { axeViolations, launchChromium, listen, overflowsHorizontally, PHONE, screenshot, TABLET } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { makeMachine } from '../factories/machines.js';
import { waitForInbox } from '../factories/notifications.js';
import { enrol, makeParticipant, type ParticipantBody } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';

/**
 * The learners' space in Chromium at phone size, as the issue's "done when" tells it: a
 * facilitator shows the QR code, the young person activates, sees their real progress, submits
 * a step, books open-lab time, reads a notification, reports a broken machine, downloads their
 * data and logs out — with JavaScript switched off (the pages ship none), then every page again
 * with axe-core (0 violations), screenshots at 360 and 1024 px, and the page weights.
 */
describe('learners’ space in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let person: ParticipantBody;
  let machineName: string;
  const learnerPages: string[] = [];
  const staffPages: string[] = [];
  let staffState: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    browser = await launchChromium();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Camille Animatrice' });
    person = await makeParticipant(t, facilitator, { firstName: 'Inès', lastName: 'Moreau', birthYear: 2009 });
    await enrol(t, facilitator, person.id, 'EXPERIMENTER');
    machineName = `Imprimante Prusa ${person.id.slice(0, 4)}`;
    await makeMachine(t, facilitator, { name: machineName, requiresQualification: false, location: 'Atelier' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const noScript = (size = PHONE): Promise<BrowserContext> => browser.newContext({ javaScriptEnabled: false, viewport: size, baseURL: base, acceptDownloads: true });

  let activationUrl = '';
  let learnerContext: BrowserContext;
  let learner: Page;

  it('a facilitator finds the young person and shows the QR code of their access', async () => {
    const context = await noScript(TABLET);
    const page = await context.newPage();
    await page.goto('/equipe');
    expect(page.url()).toBe(`${base}/connexion?retour=%2Fequipe`);
    await page.getByLabel('Identifiant ou adresse e-mail').fill(facilitator.user.id ? `${(await userLogin(t, facilitator.user.id))}` : '');
    await page.getByLabel('Mot de passe').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(page.url()).toBe(`${base}/equipe`);
    staffPages.push('/equipe');
    await page.getByRole('link', { name: 'Participants' }).first().click();
    await page.getByLabel('Rechercher par prénom ou nom').fill('moreau');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    staffPages.push(new URL(page.url()).pathname + new URL(page.url()).search);
    await page.getByRole('link', { name: 'Inès Moreau' }).click();
    staffPages.push(new URL(page.url()).pathname);
    await expect(page.title()).resolves.not.toContain('Moreau'); // never the person's name in the title
    await page.getByRole('button', { name: 'Donner l’accès' }).click();
    const code = (await page.locator('#code-activation').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await page.locator('.qr svg').count()).toBe(1);
    await screenshot(page, 'staff-donner-acces-1024');
    activationUrl = `/activer?code=${code}`;
    staffState = await context.storageState();
    await context.close();
  });

  it('the young person activates from the link and lands on "Mon parcours" with their real progress', async () => {
    learnerContext = await noScript();
    learner = await learnerContext.newPage();
    await learner.goto(activationUrl);
    // The code left the address at once (a shared phone's history), the form has it.
    expect(learner.url()).toBe(`${base}/activer`);
    await expect(learner.getByLabel('Ton code').inputValue()).resolves.toBe(activationUrl.split('=')[1]);
    await learner.getByLabel('Choisis ton identifiant').fill('ines.m');
    await learner.getByLabel('Choisis ton mot de passe').fill('mon-mot-de-passe-1');
    await learner.getByLabel('Écris encore ton mot de passe').fill('pas-le-meme-mot-de-passe');
    await learner.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect(learner.locator('.error-summary').textContent()).resolves.toContain('pas pareils');
    await learner.getByLabel('Choisis ton mot de passe').fill('mon-mot-de-passe-1');
    await learner.getByLabel('Écris encore ton mot de passe').fill('mon-mot-de-passe-1');
    await learner.getByRole('button', { name: 'Créer mon compte' }).click();
    expect(learner.url()).toBe(`${base}/parcours?fait=bienvenue`);
    learnerPages.push('/parcours');
    await expect(learner.locator('h1').textContent()).resolves.toBe('Mon parcours');
    await expect(learner.getByRole('status').first().textContent()).resolves.toContain('Bienvenue');
    await expect(learner.locator('main').textContent()).resolves.toContain('Tu as validé 0 étapes sur');
    expect(await learner.locator('progress').count()).toBe(1);
  });

  it('submits the next step for validation', async () => {
    const next = learner.locator('.step-next');
    await next.locator('summary').click();
    await next.getByLabel('Ce que tu as fait').fill('J’ai suivi l’accueil et les consignes de sécurité.');
    await next.getByRole('button', { name: 'Envoyer pour validation' }).click();
    expect(learner.url()).toMatch(/\/parcours\?fait=envoyee/);
    await expect(learner.locator('.step-next').textContent()).resolves.toContain('Envoyée, en attente de validation');
  });

  it('books open-lab time on a free slot of a machine', async () => {
    await learner.getByRole('link', { name: 'Mes réservations' }).first().click();
    learnerPages.push('/reservations');
    await learner.getByRole('link', { name: 'Réserver une machine' }).click();
    learnerPages.push('/reservations/nouvelle');
    await learner.getByRole('link', { name: machineName }).click();
    learnerPages.push(new URL(learner.url()).pathname + new URL(learner.url()).search);
    // The list offers a start every 30 minutes with at least 30 free; an hour fits from the first
    // start whose next one is listed too (late in the afternoon the first start can be half an hour
    // before closing).
    const starts = await learner.locator('#start option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const free = new Set(starts.map((s) => Date.parse(s)));
    const fitsAnHour = starts.find((s) => free.has(Date.parse(s) + 30 * 60_000));
    expect(fitsAnHour).toBeTruthy();
    await learner.locator('#start').selectOption(fitsAnHour!);
    await learner.getByLabel('Combien de temps ?').selectOption('60');
    await learner.getByRole('button', { name: 'Réserver ce créneau' }).click();
    expect(learner.url()).toBe(`${base}/reservations?fait=reservee`);
    await expect(learner.locator('main').textContent()).resolves.toContain(machineName);
  });

  it('reads a notification and the unread count goes down', async () => {
    // The facilitator validates the step: the worker delivers "step_validated" to the learner.
    const me = await t.http().get('/api/participants/' + person.id).set(facilitator.auth);
    const enrollment = me.body.enrollments[0];
    const step = enrollment.steps.find((s: { status: string }) => s.status === 'submitted');
    const validated = await t.http().post(`/api/enrollments/${enrollment.id}/steps/${step.stepId}/validate`).set(facilitator.auth).send({ note: 'Bravo !' });
    expect(validated.status).toBe(200);
    const learnerUser = await t.http().post('/api/auth/login').send({ login: 'ines.m', password: 'mon-mot-de-passe-1' });
    await waitForInbox(t, { auth: { Authorization: `Bearer ${learnerUser.body.accessToken}` } } as Session, 'step_validated');
    await learner.goto('/notifications');
    learnerPages.push('/notifications');
    const unread = Number.parseInt((await learner.locator('.badge').first().textContent()) ?? '', 10);
    expect(unread).toBeGreaterThanOrEqual(1); // "Étape validée", and perhaps the booking's reminder
    await expect(learner.locator('main').textContent()).resolves.toContain('validée');
    await learner.getByRole('button', { name: 'Marquer comme lue' }).first().click();
    expect(learner.url()).toBe(`${base}/notifications?fait=lue`);
    const after = await learner.locator('.badge').count();
    expect(after === 0 ? 0 : Number.parseInt((await learner.locator('.badge').first().textContent()) ?? '', 10)).toBe(unread - 1);
    await learner.goto('/parcours');
    await expect(learner.locator('main').textContent()).resolves.toContain('par Camille Animatrice');
    await learner.goto('/habilitations');
    learnerPages.push('/habilitations');
  });

  it('reports a broken machine', async () => {
    await learner.goto('/signaler');
    learnerPages.push('/signaler');
    await learner.getByLabel('Quelle machine ?').selectOption({ label: `${machineName} (Atelier)` });
    await learner.getByLabel('Gros problème').check();
    await learner.getByLabel('Qu’est-ce qui se passe ?').fill('La buse est bouchée, le plastique ne sort plus.');
    await learner.getByRole('button', { name: 'Envoyer le signalement' }).click();
    expect(learner.url()).toBe(`${base}/signaler?fait=merci`);
    const incidents = await t.http().get(`/api/machines/${await machineId(t, facilitator, machineName)}/incidents`).set(facilitator.auth);
    expect(incidents.body.items[0].description).toContain('buse est bouchée');
  });

  it('downloads their data', async () => {
    await learner.goto('/compte');
    learnerPages.push('/compte');
    const [download] = await Promise.all([learner.waitForEvent('download'), learner.getByRole('link', { name: 'Télécharger mes données' }).click()]);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(JSON.stringify(data)).toContain(person.id);
    expect(JSON.stringify(data)).toContain('Moreau');
  });

  it('every page: 0 axe violations at 360 and 1024 px, no sideways scrolling, light', async () => {
    const state = await learnerContext.storageState();
    const weights: Record<string, number> = {};
    const violations: string[] = [];
    for (const size of [PHONE, TABLET]) {
      const context = await browser.newContext({ viewport: size, baseURL: base, storageState: state });
      const page = await context.newPage();
      for (const path of learnerPages) {
        const response = await page.goto(path);
        const html = (await response?.body())?.length ?? 0;
        const css = await page.evaluate(() => performance.getEntriesByType('resource').reduce((sum, r) => sum + (r as PerformanceResourceTiming).encodedBodySize, 0));
        weights[path] = html + css;
        violations.push(...(await axeViolations(page)).map((v) => `${path} @${size.width}: ${v}`));
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `learner${path.replace(/[/?=&]+/g, '-')}-${size.width}`);
      }
      // Error states are pages too.
      await page.goto('/signaler');
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      violations.push(...(await axeViolations(page)).map((v) => `/signaler (errors) @${size.width}: ${v}`));
      await screenshot(page, `learner-signaler-erreurs-${size.width}`);
      await context.close();
    }
    for (const size of [TABLET, PHONE]) {
      const context = await browser.newContext({ viewport: size, baseURL: base, storageState: staffState });
      const page = await context.newPage();
      for (const path of staffPages) {
        await page.goto(path);
        violations.push(...(await axeViolations(page)).map((v) => `${path} @${size.width}: ${v}`));
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `staff${path.replace(/[/?=&]+/g, '-').replace(/-[0-9a-f]{8}-[0-9a-f-]{27}/, '-fiche')}-${size.width}`);
      }
      await context.close();
    }
    const anonymous = await browser.newContext({ viewport: PHONE, baseURL: base });
    const page = await anonymous.newPage();
    for (const path of ['/connexion', '/activer', '/page-qui-n-existe-pas']) {
      await page.goto(path);
      violations.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
      await screenshot(page, `public${path.replace(/\//g, '-')}-360`);
    }
    await page.goto('/connexion');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    violations.push(...(await axeViolations(page)).map((v) => `/connexion (errors): ${v}`));
    await screenshot(page, 'public-connexion-erreurs-360');
    await anonymous.close();
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/page-weights.json', JSON.stringify(weights, null, 2));
    console.log('Page weights (HTML + CSS, bytes):', weights);
    expect(violations).toEqual([]);
    for (const [path, bytes] of Object.entries(weights)) expect({ path, bytes: bytes < 60_000 }).toEqual({ path, bytes: true });
  }, 400_000);

  it('the main journey works with the keyboard alone: skip link, log in, send a step', async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: base });
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('login');
    await page.keyboard.type('ines.m');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mon-mot-de-passe-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/parcours`);
    // To the next step's "J'ai fini cette étape", by tabbing as a keyboard user does.
    const summary = page.locator('.step-next summary');
    for (let i = 0; i < 40 && !(await summary.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Imprimé avec l’aide de Camille.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain('Envoyer pour validation');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/parcours\?fait=envoyee/);
    await screenshot(page, 'learner-parcours-clavier-360');
    await context.close();
  });

  it('logs out, and the pages are closed again', async () => {
    await learner.goto('/parcours');
    await learner.getByRole('button', { name: 'Se déconnecter' }).click();
    expect(learner.url()).toBe(`${base}/connexion?fait=deconnecte`);
    await learner.goto('/parcours');
    expect(learner.url()).toBe(`${base}/connexion?retour=%2Fparcours`);
    await learnerContext.close();
  });
});

async function userLogin(t: TestApp, userId: string): Promise<string> {
  const [row] = await t.dataSource.query(t.dataSource.options.type === 'postgres' ? 'SELECT username FROM users WHERE id = $1' : 'SELECT username FROM users WHERE id = ?', [userId]);
  return row.username as string;
}

async function machineId(t: TestApp, staff: Session, name: string): Promise<string> {
  const res = await t.http().get('/api/machines?limit=100').set(staff.auth);
  return (res.body.items as { id: string; name: string }[]).find((m) => m.name === name)?.id as string;
}
