import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { makeAttendedBooking } from '../factories/stats.js';
import { enrol, makeParticipant } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin } from '../helpers/auth.js';
import { axeViolations, launchChromium, listen, overflowsHorizontally, PHONE, screenshot, SCREENSHOT_DIR, TABLET } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The bilan page in Chromium: picked with the form (no JavaScript), 0 axe violations at 360 and
 * 1024 px, no sideways scrolling, and printed to A4 — the PDF turned into PNG pages with
 * pdftoppm (reports/screenshots/bilan-print-N.png: look at them).
 */
describe('the bilan page in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let username = '';

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    browser = await launchChromium();
    const admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator');
    username = (facilitator.user as unknown as { username: string }).username;
    const partners = [await makePartner(t, admin, { name: 'Mission locale' }), await makePartner(t, admin, { name: 'Collège Jules Ferry' })];
    const audiences = ['insertion', 'dropout', 'pupil', 'other'] as const;
    const paths = ['EXPERIMENTER', 'APPRENDRE', 'FABRIQUER'];
    for (let i = 0; i < 12; i++) {
      const person = await makeParticipant(t, facilitator, {
        audience: audiences[i % 4], gender: i % 3 === 0 ? 'male' : 'female', birthYear: 1998 + i, livesInQpv: i % 3 !== 2,
        postcode: ['73000', '73490', '73230'][i % 3], referredByPartnerId: partners[i % 2].id,
      });
      await enrol(t, facilitator, person.id, paths[i % 3], { enrolledAt: `${i % 2 ? 2025 : 2026}-0${(i % 9) + 1}-10T10:00:00Z` });
      if (i < 3) await makeAttendedBooking(t, facilitator, { startsAt: new Date(`2026-0${i + 3}-1${i}T08:00:00Z`), hours: 2, planned: [person.id] });
    }
    await t.http().put('/api/settings/budgets/2026').set(admin.auth).send({ amount: 160000 }).expect(200);
    await t.http().put('/api/settings/budgets/2025').set(admin.auth).send({ amount: 150000 }).expect(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('picks a period with the form, passes axe at 360 and 1024 px, and prints on A4 pages', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: TABLET, baseURL: base });
    const page = await context.newPage();
    await page.goto('/equipe/bilan');
    await page.getByLabel('Identifiant ou adresse e-mail').fill(username);
    await page.getByLabel('Mot de passe').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(new URL(page.url()).pathname).toBe('/equipe/bilan');
    await page.getByLabel('Du', { exact: true }).fill('2026-01-01', { timeout: 5_000 });
    await page.getByLabel('Au (inclus)', { exact: true }).fill('2026-12-31', { timeout: 5_000 });
    await page.getByRole('button', { name: 'Afficher le bilan' }).click();
    expect(page.url()).toBe(`${base}/equipe/bilan?du=2026-01-01&au=2026-12-31`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Bilan d’activité');
    expect(await page.locator('figure.report-chart svg[role=img]').count()).toBe(6);
    expect(await page.locator('figure.report-chart table').count()).toBe(6);

    // axe-core runs as a script: the same session in a context with JavaScript.
    const state = await context.storageState();
    await context.close();
    const checked = await browser.newContext({ viewport: TABLET, baseURL: base, storageState: state });
    const page2 = await checked.newPage();
    await page2.goto('/equipe/bilan?du=2026-01-01&au=2026-12-31');
    const violations: string[] = [];
    for (const size of [PHONE, TABLET]) {
      await page2.setViewportSize(size);
      violations.push(...(await axeViolations(page2)).map((v) => `@${size.width}: ${v}`));
      await screenshot(page2, `bilan-${size.width}`);
      expect(await overflowsHorizontally(page2)).toBe(false);
    }
    expect(violations).toEqual([]);

    await page2.emulateMedia({ media: 'print' });
    // Every chart printed at one scale, half an A4 column at most (89 mm ≈ 336 CSS px): the
    // outcomes chart, alone in its section, once filled the width and its labels doubled in size.
    const chartWidths = await page2.locator('figure.report-chart svg').evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
    expect(chartWidths).toHaveLength(6);
    for (const width of chartWidths) expect(width).toBeLessThanOrEqual(337);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdf = join(SCREENSHOT_DIR, 'bilan.pdf');
    await page2.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    for (const old of readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith('bilan-print-'))) rmSync(join(SCREENSHOT_DIR, old));
    execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(SCREENSHOT_DIR, 'bilan-print')]);
    const pages = readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith('bilan-print-') && f.endsWith('.png'));
    // The whole report on a few A4 pages, the navigation and the forms left out.
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(5);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('Chiffres clés');
    expect(text).toContain('Coût par jeune touché');
    expect(text).not.toContain('Afficher le bilan');
    expect(text).not.toContain('Se déconnecter');
    await checked.close();
  }, 180_000);
});
