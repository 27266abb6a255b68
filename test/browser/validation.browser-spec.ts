import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { enrol, type EnrollmentBody, makeLearner } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { axeViolations, launchChromium, listen, overflowsHorizontally, PHONE, screenshot, TABLET } from '../helpers/browser.js';
import { filesIn, metadataOf, phoneJpeg } from '../helpers/photos.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The "validates a step with a photo (and the stored file has no EXIF)", in Chromium on a
 * tablet (1024×768) with JavaScript off: the facilitator opens "À valider", picks the young
 * person's step, takes the photo (setInputFiles stands for the camera), validates; the stored
 * file has no EXIF and no GPS. Then every page again with the same session in a context where
 * axe-core can run (it needs script): 0 violations at 1024 and 360 px, no sideways scrolling at
 * 360 px, screenshots.
 */
describe('validating a step with a photo, in a real browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fablab-validation-browser-'));
  const evidenceDir = join(dataDir, 'evidence');
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let facilitator: Session;
  let facilitatorLogin: string;
  let enrollment: EnrollmentBody;
  let tablet: BrowserContext;
  let page: Page;

  const visited: string[] = [];
  let staffState: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir });
    base = await listen(t);
    browser = await launchChromium();
    const admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Camille Animatrice' });
    facilitatorLogin = (await t.http().get('/api/auth/me').set(facilitator.auth)).body.username;
    const ines = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau', birthYear: 2011 });
    const sam = await makeLearner(t, facilitator, { firstName: 'Sam', lastName: 'Durand' });
    enrollment = await enrol(t, facilitator, ines.participant.id, 'EXPERIMENTER');
    const samEnrollment = await enrol(t, facilitator, sam.participant.id, 'FABRIQUER');
    for (const [learner, e, note] of [
      [ines, enrollment, 'J’ai suivi l’accueil et les consignes de sécurité.'],
      [sam, samEnrollment, 'Accueil fait avec Karim, je connais les règles de l’atelier.'],
    ] as const) {
      await t.http().post(`/api/enrollments/${e.id}/steps/${e.steps[0].stepId}/submit`).set(learner.session.auth).send({ note }).expect(200);
    }
    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${enrollment.steps[1].stepId}/submit`).set(ines.session.auth).send({ note: 'Mon premier porte-clés imprimé en 3D !' }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (size: { width: number; height: number }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: size, baseURL: base });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    await p.goto('/validations');
    await p.getByLabel('Identifiant ou adresse e-mail').fill(facilitatorLogin);
    await p.getByLabel('Mot de passe').fill(STAFF_PASSWORD);
    await p.getByRole('button', { name: 'Se connecter' }).click();
    expect(p.url()).toBe(`${base}/validations`);
    return { context, page: p };
  };

  it('the facilitator opens "À valider" on the tablet: the steps grouped by young person', async () => {
    ({ context: tablet, page } = await signIn(TABLET));
    await expect(page.locator('h1').textContent()).resolves.toBe('Étapes à valider');
    await expect(page.getByRole('heading', { name: 'Inès Moreau' }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'Sam Durand' }).count()).resolves.toBe(1);
    visited.push('/validations');
  });

  it('a file that is not a photo is refused with a clear message beside the field', async () => {
    await page.getByRole('link', { name: 'Première impression 3D' }).click();
    await page.locator('#photo').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    await page.getByRole('button', { name: 'Valider l’étape' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('n’est pas une photo que nous acceptons');
    await expect(page.locator('#photo-error').textContent()).resolves.toContain('n’est pas une photo');
    await screenshot(page, 'validation-photo-refusee-1024');
    expect(filesIn(evidenceDir)).toEqual([]);
  });

  it('validates the step with a photo taken on the tablet; the stored file has no EXIF and no GPS', async () => {
    await page.goto(`/validations/${enrollment.id}/${enrollment.steps[1].stepId}`);
    await expect(page.locator('main').textContent()).resolves.toContain('Mon premier porte-clés imprimé en 3D !');
    visited.push(`/validations/${enrollment.id}/${enrollment.steps[1].stepId}`);
    await screenshot(page, 'validation-etape-1024');
    const photo = await phoneJpeg();
    expect(await metadataOf(photo)).toMatchObject({ exif: true, gps: true });
    await page.getByLabel('Photo du travail (facultatif)').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByLabel('Votre remarque (facultatif)').fill('Belle impression, bien nettoyée.');
    await page.getByRole('button', { name: 'Valider l’étape' }).click();
    expect(page.url()).toBe(`${base}/validations?fait=validee`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('L’étape est validée');
    visited.push('/validations?fait=validee');
    await screenshot(page, 'validations-apres-1024');

    const stored = filesIn(evidenceDir).filter((file) => !file.includes('.thumb.'));
    expect(stored).toHaveLength(1);
    expect(await metadataOf(readFileSync(join(evidenceDir, stored[0])))).toMatchObject({ exif: false, gps: false, xmp: false, camera: false, orientation: null, width: 800, height: 1200 });
    const api = (await t.http().get(`/api/enrollments/${enrollment.id}`).set(facilitator.auth)).body;
    expect(api.steps[1].status).toBe('validated');

    // The step's page now shows the photo's thumbnail, loaded through the session.
    await page.goto(`/validations/${enrollment.id}/${enrollment.steps[1].stepId}`);
    const thumbnail = page.locator('.thumbnails img');
    await expect(thumbnail.count()).resolves.toBe(1);
    expect(await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshot(page, 'validation-etape-validee-1024');

    // And in the young person's page, in their progress timeline.
    await page.goto(`/equipe/participants/${enrollment.participantId}`);
    const inTimeline = page.locator('.timeline .thumbnails img');
    await expect(inTimeline.count()).resolves.toBe(1);
    expect(await inTimeline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.locator('#historique').scrollIntoViewIfNeeded();
    await screenshot(page, 'validation-fiche-historique-1024');
    visited.push(`/equipe/participants/${enrollment.participantId}`);
    visited.push(`/validations/${enrollment.id}/${enrollment.steps[0].stepId}`);
    staffState = await tablet.storageState();
    await tablet.close();
  });

  it('every page visited, and the refused photo form: 0 axe violations at 1024 and 360 px, no sideways scrolling at 360 px', async () => {
    const violations: string[] = [];
    for (const size of [TABLET, PHONE]) {
      const context = await browser.newContext({ viewport: size, baseURL: base, storageState: staffState });
      const p = await context.newPage();
      for (const path of visited) {
        await p.goto(path);
        violations.push(...(await axeViolations(p)).map((v) => `${path} @${size.width}: ${v}`));
        if (size === PHONE) {
          expect({ path, overflows: await overflowsHorizontally(p) }).toEqual({ path, overflows: false });
          await screenshot(p, `validation${path.replace(/[/?=]/g, '-').slice(0, 40)}-360`);
        }
      }
      // The form with its errors, as the facilitator saw it.
      await p.goto(`/validations/${enrollment.id}/${enrollment.steps[0].stepId}`);
      await p.locator('#photo').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('pas une photo') });
      await p.getByRole('button', { name: 'Valider l’étape' }).click();
      await expect(p.locator('.error-summary').count()).resolves.toBe(1);
      violations.push(...(await axeViolations(p)).map((v) => `form with errors @${size.width}: ${v}`));
      if (size === PHONE) await screenshot(p, 'validation-photo-refusee-360');
      await context.close();
    }
    expect(violations).toEqual([]);
  });
});
