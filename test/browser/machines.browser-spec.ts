import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { axeViolations, launchChromium, listen, overflowsHorizontally, PHONE, screenshot, SCREENSHOT_DIR, TABLET } from '../helpers/browser.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/test-app.js';
import { makeMachine, makePlan } from '../factories/machines.js';
import { enrol, LEARNER_PASSWORD, makeLearner } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';

/**
 * The machines in Chromium, JavaScript off: a young person scans a machine's label (opens its
 * address), logs in, lands back on it, reports a blocking problem and sees "en panne depuis …";
 * a facilitator repairs it through its work order (checklist ticked, meter read); the yearly
 * target; the sheet of QR labels printed to A4. Then every page visited again with axe-core
 * (0 violations) at 360 and 1024 px, no sideways scrolling, screenshots in reports/screenshots/.
 */
describe('machines in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Session;
  let facilitator: Session;
  let facilitatorLogin = '';
  let learnerLogin = '';
  const code = 'PRUSA-01';
  /** Every machine's name and code, as its label must print them. */
  const labelled: { name: string; code: string }[] = [{ name: 'Imprimante 3D Prusa MK4', code }];
  const learnerPages: string[] = [];
  const staffPages: string[] = [];
  let learnerState: Awaited<ReturnType<BrowserContext['storageState']>>;
  let staffState: Awaited<ReturnType<BrowserContext['storageState']>>;
  let adminState: Awaited<ReturnType<BrowserContext['storageState']>>;
  const adminPages = ['/gestion', '/gestion/comptes', '/gestion/partenaires', '/gestion/horaires', '/gestion/objectifs'];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    browser = await launchChromium();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Camille Animatrice' });
    facilitatorLogin = (await t.http().get('/api/auth/me').set(facilitator.auth)).body.username;
    const learner = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau', birthYear: 2009 });
    await enrol(t, facilitator, learner.participant.id, 'EXPERIMENTER');
    learnerLogin = learner.username;
    const prusa = await makeMachine(t, facilitator, { code, name: 'Imprimante 3D Prusa MK4', category: 'fdm_printer', location: 'Atelier numérique' });
    await makePlan(t, facilitator, prusa.id, { title: 'Nettoyer le plateau', everyDays: 30, checklist: ['Nettoyer le plateau', 'Graisser les axes'] });
    const names = ['Découpeuse laser Trotec Speedy 100', 'Fraiseuse CNC Shaper', 'Découpeuse vinyle Silhouette', 'Brodeuse Brother', 'Presse à chaud', 'Imprimante résine Form 3', 'Poste soudure électronique', 'Imprimante 3D Bambu X1', 'Imprimante 3D Prusa Mini'];
    const categories = ['laser_cutter', 'cnc_router', 'vinyl_cutter', 'embroidery', 'heat_press', 'resin_printer', 'electronics', 'fdm_printer', 'fdm_printer'];
    const others = [];
    for (let i = 0; i < names.length; i++) {
      labelled.push({ name: names[i], code: `M-${String(i + 2).padStart(2, '0')}` });
      others.push(await makeMachine(t, facilitator, { code: labelled[i + 1].code, name: names[i], category: categories[i] }));
    }
    // Something due, for the "maintenance due" list: the laser's lens after its first hours.
    await makePlan(t, facilitator, others[0].id, { title: 'Nettoyer la lentille', everyUsageHours: 1, checklist: ['Nettoyer la lentille', 'Vider le bac'] });
    await t.http().post(`/api/machines/${others[0].id}/usage`).set(facilitator.auth).send({ usageHours: 2 }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const noScript = (size = PHONE): Promise<BrowserContext> => browser.newContext({ javaScriptEnabled: false, viewport: size, baseURL: base });
  const path = (url: string) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };

  it('a young person scans the label, logs in, lands back and reports a blocking problem', async () => {
    const context = await noScript(PHONE);
    const page = await context.newPage();
    await page.goto(`/m/${code}`);
    expect(path(page.url())).toBe(`/connexion?retour=${encodeURIComponent(`/m/${code}`)}`);
    learnerPages.push(path(page.url()));
    await page.getByLabel('Identifiant ou adresse e-mail').fill(learnerLogin);
    await page.getByLabel('Mot de passe').fill(LEARNER_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(path(page.url())).toBe(`/m/${code}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Imprimante 3D Prusa MK4');
    await expect(page.locator('.machine-status').textContent()).resolves.toMatch(/Disponible depuis le/);
    learnerPages.push(`/m/${code}`);
    await page.getByRole('link', { name: 'Signaler un problème' }).click();
    expect(path(page.url())).toBe(`/m/${code}/signaler`);
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Dis-nous si la machine marche encore.');
    learnerPages.push(`/m/${code}/signaler`);
    await page.getByLabel('Elle ne marche plus').check();
    await page.getByLabel('Qu’est-ce qui se passe ?').fill('Le plastique ne sort plus de la buse');
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    expect(path(page.url())).toBe(`/m/${code}?fait=signale`);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Merci');
    await expect(page.locator('.machine-status').textContent()).resolves.toMatch(/En panne depuis le \d+ \S+ \d{4} à \d+ h/);
    learnerPages.push(`/m/${code}?fait=signale`, '/atelier');
    await screenshot(page, 'machine-learner-out-of-order-360');
    learnerState = await context.storageState();
    await context.close();
  }, 60_000);

  it('a facilitator repairs it through the work order: started, checklist ticked, meter read', async () => {
    const context = await noScript(TABLET);
    const page = await context.newPage();
    await page.goto(`/m/${code}`);
    await page.getByLabel('Identifiant ou adresse e-mail').fill(facilitatorLogin);
    await page.getByLabel('Mot de passe').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(path(page.url())).toBe(`/m/${code}`);
    staffPages.push(`/m/${code}`);
    await page.getByRole('button', { name: 'Commencer' }).first().click();
    expect(path(page.url())).toBe(`/m/${code}?fait=demarre`);
    await page.getByRole('link', { name: 'Terminer…' }).click();
    staffPages.push(path(page.url()));
    await page.getByLabel('La machine a été essayée et elle marche').check();
    await page.getByLabel('Les protections et l’arrêt d’urgence sont en place').check();
    await page.getByLabel('Le poste est propre et rangé').check();
    await page.getByLabel('Relevé du compteur, en heures (facultatif)').fill('pas lu');
    await page.getByRole('button', { name: 'Marquer comme terminé' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Écrivez le relevé du compteur en heures');
    expect(await page.getByLabel('Le poste est propre et rangé').isChecked()).toBe(true);
    await page.getByLabel('Relevé du compteur, en heures (facultatif)').fill('12,5');
    await page.getByRole('button', { name: 'Marquer comme terminé' }).click();
    expect(path(page.url())).toBe(`/m/${code}?fait=termine`);
    await expect(page.locator('.machine-status').textContent()).resolves.toMatch(/Disponible depuis le/);
    const machine = (await t.http().get('/api/machines?limit=50').set(facilitator.auth)).body.items.find((m: { code: string }) => m.code === code);
    expect(machine).toMatchObject({ status: 'available', usageHours: 12.5 });
    const orders = (await t.http().get(`/api/maintenance/work-orders?machineId=${machine.id}`).set(facilitator.auth)).body.items;
    expect(orders[0]).toMatchObject({ kind: 'corrective', status: 'done', checklist: [{ done: true }, { done: true }, { done: true }] });
    await screenshot(page, 'machine-staff-repaired-1024');
    staffPages.push('/atelier', '/atelier/entretien', '/atelier/etiquettes', '/atelier/nouvelle', '/equipe/objectif');
    staffState = await context.storageState();
    await context.close();
  }, 60_000);

  it('the QR labels print on A4 sheets, eight a page, with each machine’s name and code', async () => {
    const context = await browser.newContext({ viewport: TABLET, baseURL: base, storageState: staffState });
    const page = await context.newPage();
    await page.goto('/atelier/etiquettes');
    expect(await page.locator('.machine-label svg').count()).toBe(10);
    await page.emulateMedia({ media: 'print' });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdf = join(SCREENSHOT_DIR, 'qr-labels.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    for (const old of readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith('qr-labels-print-'))) rmSync(join(SCREENSHOT_DIR, old));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(SCREENSHOT_DIR, 'qr-labels-print')]);
    const pages = readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith('qr-labels-print-') && f.endsWith('.png'));
    expect(pages.length).toBe(2); // 10 labels, 8 a page
    // Reading order, each label's words together (a name may wrap beside its QR code).
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Imprimante 3D Prusa MK4');
    expect(text).toContain(code);
    expect(text).toContain(`/m/${code}`);
    expect(text).not.toContain('Se déconnecter');
    expect(text).not.toContain('Choisir les machines');
    // No label cut across two sheets: each one's name, code and address are whole on one page.
    const pageTexts = pages.map((_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf, '-']).toString().replace(/\s+/g, ' '));
    expect(pageTexts.map((p) => labelled.filter((m) => p.includes(`/m/${m.code} `) || p.endsWith(`/m/${m.code}`)).length)).toEqual([8, 2]);
    for (const machine of labelled) {
      const holding = pageTexts.filter((p) => p.includes(machine.name) && new RegExp(`\\b${machine.code}\\b`).test(p) && p.includes(`/m/${machine.code}`));
      expect({ machine: machine.code, pages: holding.length }).toEqual({ machine: machine.code, pages: 1 });
    }
    const box = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-']).toString();
    const bottoms = [...box.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...bottoms)).toBeLessThan(841.9 - 14 * 2.83); // above the bottom margin of the A4 sheet (points)
    await context.close();
  }, 60_000);

  it('the manager closes the fablab for a day, with its reason, on a phone', async () => {
    const context = await noScript(PHONE);
    const page = await context.newPage();
    await page.goto('/gestion/horaires');
    await page.getByLabel('Identifiant ou adresse e-mail').fill('admin');
    await page.getByLabel('Mot de passe').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(path(page.url())).toBe('/gestion/horaires');
    await page.getByLabel('Premier jour fermé').fill('2027-05-01');
    await page.getByLabel('Dernier jour fermé (inclus)').fill('2027-05-01');
    await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Dites pourquoi le fablab est fermé');
    await page.getByLabel('Pourquoi ?').fill('Fête du travail');
    await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
    expect(path(page.url())).toBe('/gestion/horaires?fait=fermeture');
    await expect(page.locator('main').textContent()).resolves.toContain('le 1 mai 2027 · Fête du travail');
    adminState = await context.storageState();
    await context.close();
  }, 60_000);

  it('every page passes axe at 360 and 1024 px without sideways scrolling', async () => {
    const violations: string[] = [];
    for (const [state, pages, who] of [
      [learnerState, learnerPages, 'learner'],
      [staffState, staffPages, 'staff'],
      [adminState, adminPages, 'admin'],
    ] as const) {
      const context = await browser.newContext({ viewport: PHONE, baseURL: base, storageState: state });
      const page = await context.newPage();
      for (const url of pages) {
        if (url.startsWith('/connexion')) continue;
        await page.goto(url);
        expect(page.url()).toBe(`${base}${url}`);
        for (const size of [PHONE, TABLET]) {
          await page.setViewportSize(size);
          violations.push(...(await axeViolations(page)).map((v) => `${who} ${url} @${size.width}: ${v}`));
          expect(await overflowsHorizontally(page)).toBe(false);
          await screenshot(page, `machines-${who}-${url.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}-${size.width}`);
        }
      }
      await context.close();
    }
    const anonymous = await browser.newContext({ viewport: PHONE, baseURL: base });
    const login = await anonymous.newPage();
    await login.goto(`/m/${code}`);
    violations.push(...(await axeViolations(login)).map((v) => `login @360: ${v}`));
    await anonymous.close();
    expect(violations).toEqual([]);
  }, 360_000); // some twenty pages, two sizes, with axe: minutes when the two cores are shared
});
