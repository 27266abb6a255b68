import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeLearner } from './factories/participants.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('learning paths', () => {
  let t: TestApp;
  let admin: Session;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    learner = (await makeLearner(t, admin)).session;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the four paths in order, with their ordered steps, to any user', async () => {
    const res = await t.http().get('/api/learning-paths').set(learner.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(res.body.items.map((p: { code: string }) => p.code)).toEqual(['EXPERIMENTER', 'APPRENDRE', 'FABRIQUER', 'PARTAGER']);
    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['Expérimenter', 'Apprendre', 'Fabriquer', 'Partager']);

    const [experimenter, apprendre, fabriquer, partager] = res.body.items;
    expect(experimenter.audiences).toContain('pupil');
    expect(experimenter.steps).toHaveLength(4);
    expect(experimenter.steps[0]).toEqual({
      id: expect.any(String),
      code: 'welcome-safety',
      position: 1,
      title: 'Accueil et sécurité',
      description: expect.any(String),
      kind: 'workshop',
      grantsQualification: null,
      required: true,
      expectedHours: 1.5,
    });
    expect(experimenter.steps.map((s: { grantsQualification: string | null }) => s.grantsQualification)).toEqual([
      null,
      'fdm_printer',
      'vinyl_cutter',
      null,
    ]);
    expect(apprendre.steps.map((s: { position: number }) => s.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(apprendre.steps.filter((s: { kind: string }) => s.kind === 'qualification').map((s: { grantsQualification: string }) => s.grantsQualification)).toEqual(['laser_cutter', 'cnc_router']);
    expect(fabriquer.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'workshop',
      'workshop',
      'qualification',
      'workshop',
      'qualification',
      'project',
      'sharing',
    ]);
    expect(partager.requiresCompletedPath).toBe(true);
    expect(partager.steps.map((s: { kind: string }) => s.kind)).toEqual(['workshop', 'sharing', 'sharing', 'sharing']);
  });

  it('finds a path by code (any case) or by id', async () => {
    const byCode = await t.http().get('/api/learning-paths/fabriquer').set(admin.auth);
    expect(byCode.status).toBe(200);
    expect(byCode.body).toMatchObject({ code: 'FABRIQUER', title: 'Fabriquer' });
    const byId = await t.http().get(`/api/learning-paths/${byCode.body.id}`).set(learner.auth);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(byCode.body);
  });

  it('paginates', async () => {
    const res = await t.http().get('/api/learning-paths?limit=2&offset=2').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    expect(res.body.items.map((p: { code: string }) => p.code)).toEqual(['FABRIQUER', 'PARTAGER']);
  });

  it('answers 404 for an unknown code or id, 400 for a bad query, 401 without a token', async () => {
    expect((await t.http().get('/api/learning-paths/BRICOLER').set(admin.auth)).status).toBe(404);
    expect((await t.http().get(`/api/learning-paths/${randomUUID()}`).set(admin.auth)).status).toBe(404);
    const bad = await t.http().get('/api/learning-paths?limit=0').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('limit');
    expect((await t.http().get('/api/learning-paths')).status).toBe(401);
  });
});
