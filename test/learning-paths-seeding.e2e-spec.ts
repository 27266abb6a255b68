import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EnrollmentBody, enrol, makeParticipant } from './factories/participants.js';
import { loginAdmin } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from './helpers/test-app.js';

/**
 * Boots the application several times on the same database (a SQLite file, or one PostgreSQL
 * database) with a copy of the path files that the test edits between boots.
 */
describe('learning paths seeding', () => {
  let dir: string;
  let database: TestDatabase;
  let sqliteFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fablab-paths-'));
    cpSync('config/learning-paths', dir, { recursive: true });
    sqliteFile = join(tmpdir(), `fablab-seed-${randomBytes(6).toString('hex')}.sqlite`);
    database = await createTestDatabase(`sqlite:${sqliteFile}`);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqliteFile}${suffix}`, { force: true });
  });

  const boot = () => createTestApp({ DATABASE_URL: database.url, LEARNING_PATHS_DIR: dir });
  const counts = async (t: TestApp) => {
    const [paths] = await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM learning_paths');
    const [steps] = await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM learning_path_steps');
    const [retired] = await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM learning_path_steps WHERE retired_at IS NOT NULL');
    return { paths: Number(paths.n), steps: Number(steps.n), retired: Number(retired.n) };
  };

  it('seeds once, never duplicates, and applies an edited file without breaking enrolments', async () => {
    // First start: the four paths and their 4 + 6 + 7 + 4 steps.
    let t = await boot();
    let admin = await loginAdmin(t);
    expect(await counts(t)).toEqual({ paths: 4, steps: 21, retired: 0 });
    const before = (await t.http().get('/api/learning-paths/FABRIQUER').set(admin.auth)).body;
    const participant = await makeParticipant(t, admin, { audience: 'dropout' });
    const enrollment = await enrol(t, admin, participant.id, 'FABRIQUER');
    const stepId = (code: string) => enrollment.steps.find((s) => s.code === code)!.stepId;
    for (const code of ['welcome-safety', 'vector-drawing']) {
      const res = await t.http().post(`/api/enrollments/${enrollment.id}/steps/${stepId(code)}/validate`).set(admin.auth).send({ note: 'ok' });
      expect(res.status).toBe(200);
    }
    await t.close({ keepDatabase: true });

    // Second start, same files: nothing created, nothing lost.
    t = await boot();
    admin = await loginAdmin(t);
    expect(await counts(t)).toEqual({ paths: 4, steps: 21, retired: 0 });
    expect((await t.http().get('/api/learning-paths/FABRIQUER').set(admin.auth)).body).toEqual(before);
    const again = await t.http().get(`/api/enrollments/${enrollment.id}`).set(admin.auth);
    expect(again.status).toBe(200);
    expect(again.body.progressPct).toBe(28); // 2 of 7 required steps
    await t.close({ keepDatabase: true });

    // The fablab edits the file: new titles, hours and order, a step removed, a step added.
    const file = join(dir, 'fabriquer.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.title = 'Fabriquer son projet';
    json.steps = json.steps.filter((s: { code: string }) => s.code !== 'welcome-safety');
    const vector = json.steps.find((s: { code: string }) => s.code === 'vector-drawing');
    vector.title = 'Dessin vectoriel (Inkscape)';
    vector.expectedHours = 5;
    const modelling = json.steps.findIndex((s: { code: string }) => s.code === '3d-modelling');
    const [moved] = json.steps.splice(modelling, 1);
    json.steps.unshift(moved);
    json.steps.push({ code: 'present-project', title: 'Présenter son projet', kind: 'sharing', expectedHours: 1, required: true, grantsQualification: null });
    writeFileSync(file, JSON.stringify(json, null, 2));

    t = await boot();
    admin = await loginAdmin(t);
    expect(await counts(t)).toEqual({ paths: 4, steps: 22, retired: 1 });
    const path = (await t.http().get('/api/learning-paths/FABRIQUER').set(admin.auth)).body;
    expect(path.id).toBe(before.id);
    expect(path.title).toBe('Fabriquer son projet');
    expect(path.steps.map((s: { code: string }) => s.code)).toEqual([
      '3d-modelling',
      'vector-drawing',
      'laser-cutting',
      'autonomous-3d-printing',
      'prototype-project',
      'document-project',
      'present-project',
    ]);
    expect(path.steps.map((s: { position: number }) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const vectorStep = path.steps.find((s: { code: string }) => s.code === 'vector-drawing');
    expect(vectorStep).toMatchObject({ id: stepId('vector-drawing'), title: 'Dessin vectoriel (Inkscape)', expectedHours: 5 });

    // The enrolment keeps its progress: the retired step's validation is kept and shown.
    const view = (await t.http().get(`/api/enrollments/${enrollment.id}`).set(admin.auth)).body as EnrollmentBody;
    expect(view.status).toBe('active');
    expect(view.path.title).toBe('Fabriquer son projet');
    expect(view.steps.map((s) => [s.code, s.status, s.retired])).toEqual([
      ['3d-modelling', 'todo', false],
      ['vector-drawing', 'validated', false],
      ['laser-cutting', 'todo', false],
      ['autonomous-3d-printing', 'todo', false],
      ['prototype-project', 'todo', false],
      ['document-project', 'todo', false],
      ['present-project', 'todo', false],
      ['welcome-safety', 'validated', true],
    ]);
    expect(view.progressPct).toBe(14); // 1 of the 7 current required steps
    expect(view.nextStep).toMatchObject({ code: '3d-modelling' });
    const [events] = await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM progress_events WHERE enrollment_id = $1', [enrollment.id]);
    expect(Number(events.n)).toBe(3); // enrolled + 2 validations, untouched

    // A retired step can no longer move; the new one can.
    const retired = await t.http().post(`/api/enrollments/${enrollment.id}/steps/${stepId('welcome-safety')}/validate`).set(admin.auth).send({});
    expect(retired.status).toBe(422);
    expect(retired.body.error).toBe('INVALID_TRANSITION');
    const added = path.steps.find((s: { code: string }) => s.code === 'present-project');
    expect((await t.http().post(`/api/enrollments/${enrollment.id}/steps/${added.id}/validate`).set(admin.auth).send({})).status).toBe(200);
    await t.close({ keepDatabase: true });

    // Putting the step back restores it, with its recorded progress.
    const restored = JSON.parse(readFileSync(file, 'utf8'));
    restored.steps.unshift({ code: 'welcome-safety', title: 'Accueil et sécurité', kind: 'workshop', expectedHours: 1.5, required: true, grantsQualification: null });
    writeFileSync(file, JSON.stringify(restored));
    t = await boot();
    admin = await loginAdmin(t);
    expect(await counts(t)).toEqual({ paths: 4, steps: 22, retired: 0 });
    const back = (await t.http().get(`/api/enrollments/${enrollment.id}`).set(admin.auth)).body as EnrollmentBody;
    expect(back.steps[0]).toMatchObject({ code: 'welcome-safety', status: 'validated', retired: false });
    await t.close({ keepDatabase: true });
  });
});
