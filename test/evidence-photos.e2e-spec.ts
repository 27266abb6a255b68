import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { enrol, makeLearner, type EnrollmentBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { filesIn, metadataOf, phoneJpeg } from './helpers/photos.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const MAX_BYTES = 300_000;

/**
 * Step photos through the API: multipart upload, the type judged from the bytes, the size
 * limit, metadata (EXIF, GPS) never kept, images shown only to those who may see the person,
 * in the person's export, deleted with them.
 */
describe('evidence photos (API)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fablab-evidence-'));
  const evidenceDir = join(dataDir, 'evidence');
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Awaited<ReturnType<typeof makeStaff>>;
  let otherTrainer: Awaited<ReturnType<typeof makeStaff>>;
  let ines: Awaited<ReturnType<typeof makeLearner>>;
  let sam: Awaited<ReturnType<typeof makeLearner>>;
  let enrollment: EnrollmentBody;
  let source: Buffer;
  let photo: { id: string; url: string; thumbnailUrl: string; width: number; height: number; thumbnailWidth: number; thumbnailHeight: number };

  const upload = (session: Session, bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg', step = 0) =>
    t
      .http()
      .post(`/api/enrollments/${enrollment.id}/steps/${enrollment.steps[step].stepId}/photos`)
      .set(session.auth)
      .attach('photo', bytes, { filename, contentType });

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, EVIDENCE_MAX_BYTES: String(MAX_BYTES) });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    otherTrainer = await makeStaff(t, admin, 'trainer');
    ines = await makeLearner(t, facilitator, { referredByPartnerId: trainer.user.partnerId });
    sam = await makeLearner(t, facilitator);
    enrollment = await enrol(t, facilitator, ines.participant.id, 'EXPERIMENTER');
    source = await phoneJpeg();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores an upright JPEG without EXIF or GPS, bounded, with a thumbnail, under DATA_DIR/evidence, named by a random id', async () => {
    const before = await metadataOf(source);
    expect(before).toMatchObject({ exif: true, gps: true, camera: true, orientation: 6, width: 1200, height: 800 });

    const res = await upload(facilitator, source, '../../etc/passwd.jpg');
    expect(res.status).toBe(201);
    photo = res.body;
    expect(res.body).toMatchObject({
      participantId: ines.participant.id,
      enrollmentId: enrollment.id,
      stepId: enrollment.steps[0].stepId,
      sourceFormat: 'jpeg',
      contentType: 'image/jpeg',
      width: 800,
      height: 1200,
      url: `/api/evidence-photos/${res.body.id}`,
    });
    expect(res.body.thumbnailHeight).toBeLessThanOrEqual(320);
    expect(filesIn(evidenceDir)).toEqual([`${photo.id}.jpg`, `${photo.id}.thumb.jpg`].sort());

    const stored = await metadataOf(readFileSync(join(evidenceDir, `${photo.id}.jpg`)));
    expect(stored).toEqual({ format: 'jpeg', width: 800, height: 1200, orientation: null, exif: false, gps: false, xmp: false, icc: false, iptc: false, comments: 0, camera: false });
    const thumb = await metadataOf(readFileSync(join(evidenceDir, `${photo.id}.thumb.jpg`)));
    expect(thumb).toMatchObject({ exif: false, gps: false, camera: false, width: photo.thumbnailWidth, height: photo.thumbnailHeight });
    expect(Math.max(thumb.width ?? 0, thumb.height ?? 0)).toBe(320);
  });

  it('judges the type from the bytes: text, SVG or HTML named .jpg and declared image/jpeg are 415, nothing stored', async () => {
    const files = filesIn(evidenceDir);
    const fakes = [
      Buffer.from('just some text, not a photo'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
      Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('broken jpeg body')]),
    ];
    for (const fake of fakes) {
      const res = await upload(facilitator, fake, 'photo.jpg', 'image/jpeg');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', requestId: expect.any(String) });
    }
    expect(filesIn(evidenceDir)).toEqual(files);
  });

  it('refuses a photo over EVIDENCE_MAX_BYTES with 413 in the error shape; a JSON body is 415; no photo is 400', async () => {
    const files = filesIn(evidenceDir);
    const big = Buffer.concat([source, Buffer.alloc(MAX_BYTES)]);
    const res = await upload(facilitator, big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) });

    const json = await t.http().post(`/api/enrollments/${enrollment.id}/steps/${enrollment.steps[0].stepId}/photos`).set(facilitator.auth).send({ photo: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');

    const none = await t.http().post(`/api/enrollments/${enrollment.id}/steps/${enrollment.steps[0].stepId}/photos`).set(facilitator.auth).field('note', 'no photo');
    expect(none.status).toBe(400);
    expect(none.body.error).toBe('VALIDATION_FAILED');
    expect(filesIn(evidenceDir)).toEqual(files);
  });

  it('only those who may see the person upload (learner 403, another partner’s trainer 404) and see the images (private, nosniff)', async () => {
    expect((await upload(ines.session, source)).status).toBe(403);
    const foreign = await upload(otherTrainer, source);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe('NOT_FOUND');
    const own = await upload(trainer, source, 'x.jpg', 'image/jpeg', 1);
    expect(own.status).toBe(201);

    for (const [session, status] of [
      [facilitator, 200],
      [trainer, 200],
      [ines.session, 200],
      [otherTrainer, 404],
      [sam.session, 404],
    ] as const) {
      for (const url of [photo.url, photo.thumbnailUrl]) {
        const res = await t.http().get(url).set(session.auth);
        expect({ url, status: res.status }).toEqual({ url, status });
        if (status === 200) {
          expect(res.headers['content-type']).toBe('image/jpeg');
          expect(res.headers['cache-control']).toBe('private, no-store');
          expect(res.headers['x-content-type-options']).toBe('nosniff');
          expect((await metadataOf(res.body as Buffer)).exif).toBe(false);
        }
      }
    }
    expect((await t.http().get(photo.url)).status).toBe(401);
    expect((await t.http().get('/api/evidence-photos/not-a-uuid').set(facilitator.auth)).status).toBe(404);

    const list = await t.http().get(`/api/enrollments/${enrollment.id}/photos`).set(ines.session.auth);
    expect(list.status).toBe(200);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([photo.id, own.body.id]);
    expect((await t.http().get(`/api/enrollments/${enrollment.id}/photos`).set(otherTrainer.auth)).status).toBe(404);
  });

  it('the GDPR export lists each photo with its facts and the photo itself as a data: URL', async () => {
    const res = await t.http().get(`/api/participants/${ines.participant.id}/export`).set(facilitator.auth);
    expect(res.status).toBe(200);
    expect(res.body.evidencePhotos).toHaveLength(2);
    const [first] = res.body.evidencePhotos;
    expect(first).toMatchObject({ id: photo.id, stepId: enrollment.steps[0].stepId, width: 800, height: 1200, contentType: 'image/jpeg', createdAt: expect.any(String) });
    expect(first.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    const bytes = Buffer.from(first.dataUrl.slice('data:image/jpeg;base64,'.length), 'base64');
    expect(bytes.equals(readFileSync(join(evidenceDir, `${photo.id}.jpg`)))).toBe(true);
  });

  it('erasing the person deletes the photos: files and rows; the addresses answer 404', async () => {
    const otherLearnerEnrollment = await enrol(t, facilitator, sam.participant.id, 'FABRIQUER');
    const kept = await t
      .http()
      .post(`/api/enrollments/${otherLearnerEnrollment.id}/steps/${otherLearnerEnrollment.steps[0].stepId}/photos`)
      .set(facilitator.auth)
      .attach('photo', source, { filename: 'sam.jpg', contentType: 'image/jpeg' });
    expect(kept.status).toBe(201);
    expect(filesIn(evidenceDir)).toHaveLength(6);

    await t.http().delete(`/api/participants/${ines.participant.id}`).set(admin.auth).expect(204);
    expect(filesIn(evidenceDir)).toEqual([`${kept.body.id}.jpg`, `${kept.body.id}.thumb.jpg`].sort());
    expect(existsSync(join(evidenceDir, `${photo.id}.jpg`))).toBe(false);
    expect((await t.http().get(photo.url).set(admin.auth)).status).toBe(404);
    const rows = await t.dataSource.query('SELECT participant_id FROM evidence_photos');
    expect(rows).toEqual([{ participant_id: sam.participant.id }]);
  });

  it('is described in OpenAPI: multipart body with a binary photo, 201 and the errors in the error shape', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    const op = doc.paths['/api/enrollments/{id}/steps/{stepId}/photos'].post;
    expect(op.requestBody.content['multipart/form-data'].schema).toMatchObject({ required: ['photo'], properties: { photo: { type: 'string', format: 'binary' } } });
    expect(Object.keys(op.responses).sort()).toEqual(['201', '400', '401', '403', '404', '413', '415', '500']);
    expect(op.responses['415'].content['application/json'].schema.allOf[1].properties.error.enum).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    expect(doc.paths['/api/evidence-photos/{id}'].get.responses['200'].content['image/jpeg']).toBeDefined();
  });
});
