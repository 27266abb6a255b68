import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { filesIn, metadataOf, phoneJpeg } from '../helpers/photos.js';
import { enrol, LEARNER_PASSWORD, makeLearner, type EnrollmentBody } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * "Étapes à valider": the submitted steps each person may see (facilitators all, a trainer their
 * partner's young people, as the API scopes them), grouped by young person; validating with a
 * note and sending back with a reason go through the API's own service and rules.
 */
describe('validation pages', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fablab-validations-'));
  const evidenceDir = join(dataDir, 'evidence');
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Awaited<ReturnType<typeof makeStaff>>;
  let otherTrainer: Awaited<ReturnType<typeof makeStaff>>;
  let ines: Awaited<ReturnType<typeof makeLearner>>;
  let sam: Awaited<ReturnType<typeof makeLearner>>;
  let inesEnrollment: EnrollmentBody;
  let samEnrollment: EnrollmentBody;

  const username = async (session: Session) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
  const webFor = async (session: Session, password = STAFF_PASSWORD) => {
    const web = new WebClient(t);
    await web.signIn(await username(session), password);
    return web;
  };
  const submit = async (learner: Awaited<ReturnType<typeof makeLearner>>, enrollment: EnrollmentBody, index: number, note: string) => {
    const res = await t
      .http()
      .post(`/api/enrollments/${enrollment.id}/steps/${enrollment.steps[index].stepId}/submit`)
      .set(learner.session.auth)
      .send({ note });
    expect(res.status).toBe(200);
  };
  const stepStatus = async (enrollment: EnrollmentBody, index: number) =>
    (await t.http().get(`/api/enrollments/${enrollment.id}`).set(facilitator.auth)).body.steps[index] as { status: string; validatedAt: string | null };

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, EVIDENCE_MAX_BYTES: '300000' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    otherTrainer = await makeStaff(t, admin, 'trainer');
    ines = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau', referredByPartnerId: trainer.user.partnerId });
    sam = await makeLearner(t, facilitator, { firstName: 'Sam', lastName: 'Durand' });
    inesEnrollment = await enrol(t, facilitator, ines.participant.id, 'EXPERIMENTER');
    samEnrollment = await enrol(t, facilitator, sam.participant.id, 'FABRIQUER');
    await submit(ines, inesEnrollment, 0, 'J’ai suivi l’accueil sécurité');
    await submit(ines, inesEnrollment, 1, 'Mon premier porte-clés imprimé');
    await submit(sam, samEnrollment, 0, 'Accueil fait avec Karim');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a facilitator sees every submitted step, grouped by young person, with links to validate', async () => {
    const web = await webFor(facilitator);
    const page = await web.get('/validations');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('3 étapes envoyées par 2 jeunes');
    expect(page.text.match(/<section class="card"/g)).toHaveLength(2);
    expect(page.text).toContain('Moreau');
    expect(page.text).toContain('Durand');
    expect(page.text).toContain(`href="/validations/${inesEnrollment.id}/${inesEnrollment.steps[1].stepId}"`);
    expect(page.text).toContain('href="/validations" aria-current="page"');
  });

  it('a trainer sees only their partner’s young people; another partner’s trainer sees none and gets 404 on their steps', async () => {
    const web = await webFor(trainer);
    const page = await web.get('/validations');
    expect(page.text).toContain('2 étapes envoyées par 1 jeune');
    expect(page.text).not.toContain('Durand');
    expect((await web.get(`/validations/${samEnrollment.id}/${samEnrollment.steps[0].stepId}`)).status).toBe(404);

    const other = await webFor(otherTrainer);
    const none = await other.get('/validations');
    expect(none.text).toContain('Aucune étape n’attend de validation.');
    expect(none.text).not.toContain('Moreau');
    const step = `/validations/${inesEnrollment.id}/${inesEnrollment.steps[0].stepId}`;
    const show = await other.get(step);
    expect(show.status).toBe(404);
    expect(show.text).not.toContain('Moreau');
    await other.get('/validations');
    expect((await other.post(`${step}/valider`, { note: 'pas mon jeune' })).status).toBe(404);
    expect((await stepStatus(inesEnrollment, 0)).status).toBe('submitted');
  });

  it('learners get "page introuvable", for the list and for a step, even their own', async () => {
    const web = new WebClient(t);
    await web.signIn(ines.username, LEARNER_PASSWORD);
    for (const path of ['/validations', `/validations/${inesEnrollment.id}/${inesEnrollment.steps[0].stepId}`]) {
      const res = await web.get(path);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page introuvable');
    }
    await web.get('/parcours');
    expect((await web.post(`/validations/${inesEnrollment.id}/${inesEnrollment.steps[0].stepId}/valider`, {})).status).toBe(404);
    expect((await stepStatus(inesEnrollment, 0)).status).toBe('submitted');
  });

  it('malformed or unknown ids are a 404 page; nobody logged in is sent to the login page', async () => {
    const web = await webFor(facilitator);
    expect((await web.get('/validations/not-a-uuid/x')).status).toBe(404);
    expect((await web.get(`/validations/${inesEnrollment.id}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const anonymous = await new WebClient(t).get('/validations');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/connexion?retour=%2Fvalidations');
  });

  it('the trainer validates their young person’s step with a note: the API shows it validated, by them, with the note', async () => {
    const web = await webFor(trainer);
    const path = `/validations/${inesEnrollment.id}/${inesEnrollment.steps[0].stepId}`;
    const page = await web.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('J’ai suivi l’accueil sécurité');
    expect(page.text).toContain('Renvoyer l’étape');
    expect(page.text).not.toMatch(/<title>[^<]*Moreau/);
    const done = await web.post(`${path}/valider`, { note: 'Consignes bien comprises' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/validations?fait=validee');
    expect((await web.get(done.headers.location as string)).text).toContain('L’étape est validée');
    const enrollment = (await t.http().get(`/api/enrollments/${inesEnrollment.id}`).set(facilitator.auth)).body;
    expect(enrollment.steps[0]).toMatchObject({ status: 'validated', validatedBy: expect.objectContaining({ id: trainer.user.id }) });

    // Validated: the page says so and offers no form; posting again is a form error, not a crash.
    const again = await web.get(path);
    expect(again.text).toContain('déjà validée');
    expect(again.text).not.toContain('/valider"');
    const twice = await web.post(`${path}/valider`, {});
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('Cette étape a changé entre-temps');
  });

  it('sending back needs a reason; with one, the step is back to do and the learner reads the reason', async () => {
    const web = await webFor(facilitator);
    const path = `/validations/${samEnrollment.id}/${samEnrollment.steps[0].stepId}`;
    await web.get(path);
    const empty = await web.post(`${path}/renvoyer`, { reason: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Expliquez au jeune pourquoi');
    expect(empty.text).toContain('href="#reason"');
    expect((await stepStatus(samEnrollment, 0)).status).toBe('submitted');

    const sent = await web.post(`${path}/renvoyer`, { reason: 'Il manque la photo de ta pièce' });
    expect(sent.headers.location).toBe('/validations?fait=renvoyee');
    const after = (await t.http().get(`/api/enrollments/${samEnrollment.id}`).set(sam.session.auth)).body.steps[0];
    expect(after.status).toBe('todo');
    expect(JSON.stringify(after)).toContain('Il manque la photo de ta pièce');
    expect((await web.get('/validations')).text).not.toContain('Durand');
  });

  it('a too long note is refused with a French message and nothing changes', async () => {
    const web = await webFor(facilitator);
    const path = `/validations/${inesEnrollment.id}/${inesEnrollment.steps[1].stepId}`;
    await web.get(path);
    const res = await web.post(`${path}/valider`, { note: 'x'.repeat(2001) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('2000 caractères au plus');
    expect((await stepStatus(inesEnrollment, 1)).status).toBe('submitted');
  });

  it('a forged post (no CSRF token, or another site’s Origin) changes nothing', async () => {
    const web = await webFor(facilitator);
    const path = `/validations/${inesEnrollment.id}/${inesEnrollment.steps[1].stepId}`;
    await web.get(path);
    expect((await web.post(`${path}/valider`, {}, { csrf: 'forged' })).status).toBe(403);
    expect((await web.post(`${path}/valider`, {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await stepStatus(inesEnrollment, 1)).status).toBe('submitted');
  });

  describe('with a photo', () => {
    let learnerStep: string;
    beforeAll(async () => {
      await submit(ines, inesEnrollment, 2, 'Mon sticker en vinyle');
      learnerStep = `/validations/${inesEnrollment.id}/${inesEnrollment.steps[2].stepId}`;
    });

    it('the form is multipart with a camera photo field', async () => {
      const web = await webFor(facilitator);
      const page = await web.get(learnerStep);
      expect(page.text).toContain('enctype="multipart/form-data"');
      expect(page.text).toMatch(/<input type="file" id="photo" name="photo" accept="image\/\*" capture="environment"/);
      expect(page.text).toContain('<label for="photo">');
    });

    it('a forged multipart post (no token, a wrong one, the token only in the address, another Origin) stores nothing and changes nothing', async () => {
      const web = await webFor(facilitator);
      await web.get(learnerStep);
      const file = { field: 'photo', bytes: await phoneJpeg(), filename: 'p.jpg', contentType: 'image/jpeg' };
      expect((await web.postMultipart(`${learnerStep}/valider`, {}, file, { csrf: null })).status).toBe(403);
      expect((await web.postMultipart(`${learnerStep}/valider`, {}, file, { csrf: 'forged-token' })).status).toBe(403);
      expect((await web.postMultipart(`${learnerStep}/valider?_csrf=${encodeURIComponent(web.csrf)}`, {}, file, { csrf: null })).status).toBe(403);
      expect((await web.postMultipart(`${learnerStep}/valider`, {}, file, { origin: 'https://evil.example' })).status).toBe(403);
      expect(filesIn(evidenceDir)).toEqual([]);
      expect((await stepStatus(inesEnrollment, 2)).status).toBe('submitted');
    });

    it('a file that is not a photo (HTML named .jpg) or one too large is a French form error, nothing validated or stored', async () => {
      const web = await webFor(facilitator);
      await web.get(learnerStep);
      const html = await web.postMultipart(`${learnerStep}/valider`, { note: 'Bravo' }, { field: 'photo', bytes: Buffer.from('<html><script>alert(1)</script></html>'), filename: 'photo.jpg', contentType: 'image/jpeg' });
      expect(html.status).toBe(415);
      expect(html.text).toContain('n’est pas une photo que nous acceptons');
      expect(html.text).toContain('href="#photo"');
      expect(html.text).toContain('Bravo');
      const big = await web.postMultipart(`${learnerStep}/valider`, { note: 'Bravo' }, { field: 'photo', bytes: Buffer.concat([await phoneJpeg(), Buffer.alloc(300_000)]), filename: 'big.jpg', contentType: 'image/jpeg' });
      expect(big.status).toBe(413);
      expect(big.text).toContain('La photo est trop lourde');
      expect(filesIn(evidenceDir)).toEqual([]);
      expect((await stepStatus(inesEnrollment, 2)).status).toBe('submitted');
    });

    it('the trainer validates with a photo: stored without EXIF or GPS, shown as a thumbnail to those who may see the young person', async () => {
      const web = await webFor(trainer);
      await web.get(learnerStep);
      const done = await web.postMultipart(`${learnerStep}/valider`, { note: 'Belle découpe' }, { field: 'photo', bytes: await phoneJpeg(), filename: 'IMG_0001.jpg', contentType: 'image/jpeg' });
      expect(done.status).toBe(303);
      expect((await stepStatus(inesEnrollment, 2)).status).toBe('validated');
      const [file] = filesIn(evidenceDir).filter((f) => !f.includes('.thumb.'));
      expect(file).toMatch(/^[0-9a-f-]{36}\.jpg$/);
      expect(await metadataOf(readFileSync(join(evidenceDir, file)))).toMatchObject({ exif: false, gps: false, camera: false, orientation: null, width: 800, height: 1200 });

      const id = file.slice(0, 36);
      const page = await web.get(learnerStep);
      expect(page.text).toContain(`src="/photos/${id}/miniature"`);
      // The person's page shows it in their progress timeline, with the step's validation.
      const person = await web.get(`/equipe/participants/${ines.participant.id}`);
      expect(person.status).toBe(200);
      const timeline = person.text.slice(person.text.indexOf('class="timeline"'));
      expect(timeline).toContain(`src="/photos/${id}/miniature"`);
      expect(timeline).toMatch(new RegExp(`Étape validée[^]*?Sticker en vinyle[^]*?/photos/${id}/miniature`));

      const image = await web.get(`/photos/${id}/miniature`);
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toBe('image/jpeg');
      expect(image.headers['cache-control']).toBe('private, no-store');
      expect(image.headers['x-content-type-options']).toBe('nosniff');

      const learner = new WebClient(t);
      await learner.signIn(ines.username, LEARNER_PASSWORD);
      expect((await learner.get(`/photos/${id}`)).status).toBe(200);
      const other = await webFor(otherTrainer);
      expect((await other.get(`/photos/${id}`)).status).toBe(404);
      const someoneElse = new WebClient(t);
      await someoneElse.signIn(sam.username, LEARNER_PASSWORD);
      expect((await someoneElse.get(`/photos/${id}/miniature`)).status).toBe(404);
      expect((await new WebClient(t).get(`/photos/${id}`)).status).toBe(303);
    });
  });
});
