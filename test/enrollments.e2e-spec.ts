import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EnrollmentBody, enrol, makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('enrolments and progress', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let trainer: Session & { user: { id: string; partnerId: string | null } };
  let otherTrainer: Session;
  /** A learner referred by the trainer's partner, and another learner. */
  let sam: { participant: ParticipantBody; session: Session };
  let lina: { participant: ParticipantBody; session: Session };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    otherTrainer = await makeStaff(t, admin, 'trainer');
    sam = await makeLearner(t, facilitator, { referredByPartnerId: trainer.user.partnerId, audience: 'pupil' });
    lina = await makeLearner(t, facilitator);
  });
  afterAll(async () => {
    await t.close();
  });

  const step = (e: EnrollmentBody, code: string) => {
    const found = e.steps.find((s) => s.code === code);
    if (!found) throw new Error(`no step ${code}`);
    return found.stepId;
  };
  const post = (session: Session, path: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/enrollments/${path}`).set(session.auth).send(body);

  describe('POST /participants/:id/enrollments', () => {
    it('enrols by code or id, back-dated if need be', async () => {
      const p = await makeParticipant(t, facilitator);
      const enrolledAt = '2025-09-15T08:30:00.000Z';
      const res = await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'apprendre', enrolledAt });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        participantId: p.id,
        path: { code: 'APPRENDRE', title: 'Apprendre' },
        status: 'active',
        enrolledAt,
        completedAt: null,
        progressPct: 0,
        nextStep: { code: 'welcome-safety-project', status: 'todo' },
      });
      expect(res.body.steps).toHaveLength(6);
      const path = (await t.http().get('/api/learning-paths/FABRIQUER').set(admin.auth)).body;
      const byId = await t.http().post(`/api/participants/${p.id}/enrollments`).set(admin.auth).send({ pathId: path.id });
      expect(byId.status).toBe(201);
      expect(byId.body.path.code).toBe('FABRIQUER');
      const [event] = await rows<{ type: string; author_user_id: string }>(t, 'SELECT type, author_user_id FROM progress_events WHERE enrollment_id = $1', [res.body.id]);
      expect(event).toEqual({ type: 'enrolled', author_user_id: facilitator.user.id });
    });

    it('refuses bad bodies: no path, two paths, an unknown path, a future date', async () => {
      const p = await makeParticipant(t, facilitator);
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'pathCode'],
        [{ pathCode: 'EXPERIMENTER', pathId: randomUUID() }, 'pathCode'],
        [{ pathCode: 'BRICOLER' }, 'pathCode'],
        [{ pathId: randomUUID() }, 'pathId'],
        [{ pathCode: 'EXPERIMENTER', enrolledAt: new Date(Date.now() + 3_600_000).toISOString() }, 'enrolledAt'],
        [{ pathCode: 'EXPERIMENTER', enrolledAt: 'yesterday' }, 'enrolledAt'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send(body);
        expect({ status: res.status, field: res.body.details?.[0]?.field }).toEqual({ status: 400, field });
      }
      const [{ n }] = await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM enrollments WHERE participant_id = $1', [p.id]);
      expect(Number(n)).toBe(0);
    });

    it('refuses a second open enrolment in the same path (409), allows one after withdrawal', async () => {
      const p = await makeParticipant(t, facilitator);
      const first = await enrol(t, facilitator, p.id, 'EXPERIMENTER');
      const again = await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'EXPERIMENTER' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'ALREADY_ENROLLED', details: { enrollmentId: first.id } });
      expect((await post(facilitator, `${first.id}/pause`)).status).toBe(200);
      expect((await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'EXPERIMENTER' })).status).toBe(409);
      expect((await post(facilitator, `${first.id}/withdraw`, { reason: 'a déménagé' })).status).toBe(200);
      expect((await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'EXPERIMENTER' })).status).toBe(201);
    });

    it('lets exactly one of two simultaneous enrolments through', async () => {
      const p = await makeParticipant(t, facilitator);
      const [a, b] = await Promise.all(
        [facilitator, admin].map((s) => t.http().post(`/api/participants/${p.id}/enrollments`).set(s.auth).send({ pathCode: 'FABRIQUER' })),
      );
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect([a.body.error, b.body.error]).toContain('ALREADY_ENROLLED');
      const [{ n }] = await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM enrollments WHERE participant_id = $1', [p.id]);
      expect(Number(n)).toBe(1);
    });

    it('refuses PARTAGER without a completed enrolment in another path', async () => {
      const p = await makeParticipant(t, facilitator);
      const res = await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'PARTAGER' });
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('PREREQUISITE_NOT_MET');
      await enrol(t, facilitator, p.id, 'FABRIQUER'); // active, not completed
      expect((await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'PARTAGER' })).status).toBe(422);
    });

    it('is for facilitators and admins, on existing participants', async () => {
      const body = { pathCode: 'EXPERIMENTER' };
      expect((await t.http().post(`/api/participants/${sam.participant.id}/enrollments`).set(trainer.auth).send(body)).status).toBe(403);
      expect((await t.http().post(`/api/participants/${sam.participant.id}/enrollments`).set(sam.session.auth).send(body)).status).toBe(403);
      expect((await t.http().post(`/api/participants/${randomUUID()}/enrollments`).set(admin.auth).send(body)).status).toBe(404);
    });
  });

  describe('a path walked to completion', () => {
    let e: EnrollmentBody;

    beforeAll(async () => {
      e = await enrol(t, facilitator, sam.participant.id, 'EXPERIMENTER', { enrolledAt: '2026-01-05T09:00:00.000Z' });
    });

    it('the learner submits, a facilitator rejects with a reason, the learner submits again', async () => {
      const print = step(e, 'first-3d-print');
      const submitted = await post(sam.session, `${e.id}/steps/${print}/submit`, { note: 'Mon porte-clés', evidenceUrl: 'https://photos.example.org/1.jpg' });
      expect(submitted.status).toBe(200);
      expect(submitted.body.steps[1]).toMatchObject({
        code: 'first-3d-print',
        status: 'submitted',
        submittedAt: expect.any(String),
        evidence: { url: 'https://photos.example.org/1.jpg', note: 'Mon porte-clés' },
      });

      const rejected = await post(facilitator, `${e.id}/steps/${print}/reject`, { reason: 'La photo est floue' });
      expect(rejected.status).toBe(200);
      expect(rejected.body.steps[1]).toMatchObject({
        status: 'todo',
        submittedAt: null,
        rejection: { reason: 'La photo est floue', rejectedAt: expect.any(String) },
      });

      const again = await post(sam.session, `${e.id}/steps/${print}/submit`, { evidenceUrl: 'https://photos.example.org/2.jpg' });
      expect(again.body.steps[1]).toMatchObject({ status: 'submitted', rejection: null, evidence: { url: 'https://photos.example.org/2.jpg', note: null } });
    });

    it('the partner trainer validates (back-dated) and the step grants its qualification', async () => {
      const print = step(e, 'first-3d-print');
      const res = await post(trainer, `${e.id}/steps/${print}/validate`, { validatedAt: '2026-01-12T14:00:00.000Z', note: 'Bien joué' });
      expect(res.status).toBe(200);
      expect(res.body.steps[1]).toMatchObject({
        status: 'validated',
        validatedAt: '2026-01-12T14:00:00.000Z',
        validatedBy: { id: trainer.user.id, displayName: expect.any(String) },
        evidence: { url: 'https://photos.example.org/2.jpg', note: 'Bien joué' },
      });
      expect(res.body.progressPct).toBe(25);
      expect(res.body.nextStep).toMatchObject({ code: 'welcome-safety' });

      const quals = await t.http().get(`/api/participants/${sam.participant.id}/qualifications`).set(sam.session.auth);
      expect(quals.status).toBe(200);
      expect(quals.body).toEqual([
        expect.objectContaining({
          category: 'fdm_printer',
          source: 'step',
          grantedAt: '2026-01-12T14:00:00.000Z',
          expiresAt: '2028-01-12T14:00:00.000Z',
          revokedAt: null,
          enrollmentId: e.id,
          stepId: print,
        }),
      ]);
    });

    it('validating every required step completes the enrolment, as of the latest validation', async () => {
      const first = await post(admin, `${e.id}/steps/${step(e, 'welcome-safety')}/validate`, { validatedAt: '2026-01-05T10:00:00.000Z' });
      expect(first.body).toMatchObject({ status: 'active', progressPct: 50 });
      const vinyl = await post(facilitator, `${e.id}/steps/${step(e, 'vinyl-sticker')}/validate`, { validatedAt: '2026-02-02T10:00:00.000Z' });
      expect(vinyl.body).toMatchObject({ status: 'active', progressPct: 75, nextStep: { code: 'show-your-object' } });
      const last = await post(facilitator, `${e.id}/steps/${step(e, 'show-your-object')}/validate`, { validatedAt: '2026-01-30T10:00:00.000Z' });
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ status: 'completed', completedAt: '2026-02-02T10:00:00.000Z', progressPct: 100, nextStep: null });

      const events = await rows<{ type: string; step_id: string | null; author_user_id: string; note: string | null }>(
        t,
        'SELECT type, step_id, author_user_id, note FROM progress_events WHERE enrollment_id = $1 ORDER BY sequence',
        [e.id],
      );
      expect(events.map((ev) => ev.type)).toEqual([
        'enrolled',
        'submitted',
        'rejected',
        'submitted',
        'validated',
        'validated',
        'validated',
        'validated',
        'completed',
      ]);
      expect(events[2]).toMatchObject({ note: 'La photo est floue', author_user_id: facilitator.user.id });
      expect(events[3].author_user_id).toBe(sam.session.userId);
      const categories = await rows<{ category: string }>(t, 'SELECT category FROM qualifications WHERE participant_id = $1 ORDER BY granted_at', [sam.participant.id]);
      expect(categories.map((q) => q.category)).toEqual(['fdm_printer', 'vinyl_cutter']);
    });

    it('then opens PARTAGER and takes an outcome', async () => {
      const partager = await t.http().post(`/api/participants/${sam.participant.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'PARTAGER' });
      expect(partager.status).toBe(201);
      const outcome = await post(trainer, `${e.id}/outcome`, { outcome: 'school_return', recordedAt: '2026-06-30T12:00:00.000Z', note: 'Entre en seconde pro' });
      expect(outcome.status).toBe(200);
      expect(outcome.body.outcome).toEqual({ outcome: 'school_return', recordedAt: '2026-06-30T12:00:00.000Z' });
      expect((await post(trainer, `${e.id}/outcome`, { outcome: 'astronaut' })).status).toBe(400);
      const active = await post(admin, `${partager.body.id}/outcome`, { outcome: 'employment' });
      expect(active.status).toBe(422);
      expect(active.body.error).toBe('INVALID_TRANSITION');
    });

    it('refuses illegal step moves', async () => {
      const validated = step(e, 'welcome-safety');
      const cases: [Session, string, Record<string, unknown>][] = [
        [sam.session, 'submit', {}],
        [facilitator, 'validate', {}],
        [facilitator, 'reject', { reason: 'non' }],
      ];
      for (const [session, action, body] of cases) {
        const res = await post(session, `${e.id}/steps/${validated}/${action}`, body);
        expect({ action, status: res.status, error: res.body.error }).toEqual({ action, status: 422, error: 'INVALID_TRANSITION' });
      }
    });
  });

  describe('step rules', () => {
    let e: EnrollmentBody;
    beforeAll(async () => {
      e = await enrol(t, facilitator, sam.participant.id, 'FABRIQUER', { enrolledAt: '2026-03-01T09:00:00.000Z' });
    });

    it('rejects only a submission, and needs a reason', async () => {
      const vector = step(e, 'vector-drawing');
      expect((await post(facilitator, `${e.id}/steps/${vector}/reject`, { reason: 'non' })).status).toBe(422);
      await post(sam.session, `${e.id}/steps/${vector}/submit`, {});
      const noReason = await post(facilitator, `${e.id}/steps/${vector}/reject`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.details[0].field).toBe('reason');
    });

    it('refuses a validation date in the future or before the enrolment, and bad evidence', async () => {
      const vector = step(e, 'vector-drawing');
      const future = await post(facilitator, `${e.id}/steps/${vector}/validate`, { validatedAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(future.status).toBe(400);
      expect(future.body.details).toEqual([{ field: 'validatedAt', message: 'validatedAt must not be in the future' }]);
      const early = await post(facilitator, `${e.id}/steps/${vector}/validate`, { validatedAt: '2026-02-01T00:00:00.000Z' });
      expect(early.status).toBe(400);
      const url = await post(sam.session, `${e.id}/steps/${vector}/submit`, { evidenceUrl: 'javascript:alert(1)' });
      expect(url.status).toBe(400);
      expect(url.body.details[0].field).toBe('evidenceUrl');
      const state = (await t.http().get(`/api/enrollments/${e.id}`).set(admin.auth)).body.steps[1];
      expect(state).toMatchObject({ code: 'vector-drawing', status: 'submitted', validatedAt: null });
    });

    it('answers 404 for a step of another path or an unknown one', async () => {
      const other = (await t.http().get('/api/learning-paths/APPRENDRE').set(admin.auth)).body.steps[0].id;
      expect((await post(facilitator, `${e.id}/steps/${other}/validate`)).status).toBe(404);
      expect((await post(facilitator, `${e.id}/steps/${randomUUID()}/validate`)).status).toBe(404);
      expect((await post(facilitator, `${randomUUID()}/steps/${other}/validate`)).status).toBe(404);
    });

    it('names a step by its code as well as its id, within the enrolment’s path', async () => {
      const submitted = await post(sam.session, `${e.id}/steps/3d-modelling/submit`, { note: 'par son code' });
      expect(submitted.status).toBe(200);
      expect(submitted.body.steps.find((s: { code: string }) => s.code === '3d-modelling')).toMatchObject({
        stepId: step(e, '3d-modelling'),
        status: 'submitted',
        evidence: { url: null, note: 'par son code' },
      });
      const validated = await post(facilitator, `${e.id}/steps/3D-Modelling/validate`, {});
      expect(validated.status).toBe(200);
      expect(validated.body.steps.find((s: { code: string }) => s.code === '3d-modelling').status).toBe('validated');
      // Another path's code, an unknown one, and something that is no code at all.
      for (const code of ['cnc-router', 'no-such-step', '%20', 'a%27%20OR%201%3D1']) {
        const res = await post(facilitator, `${e.id}/steps/${code}/validate`, {});
        expect({ code, status: res.status, error: res.body.error }).toEqual({ code, status: 404, error: 'NOT_FOUND' });
      }
    });
  });

  describe('pause, resume, withdraw', () => {
    it('moves legally and refuses the rest with INVALID_TRANSITION', async () => {
      const p = await makeParticipant(t, facilitator);
      const e = await enrol(t, facilitator, p.id, 'APPRENDRE');
      expect((await post(facilitator, `${e.id}/resume`)).status).toBe(422);
      const paused = await post(facilitator, `${e.id}/pause`, { reason: 'stage en entreprise' });
      expect(paused.body.status).toBe('paused');
      const pausedAgain = await post(admin, `${e.id}/pause`);
      expect(pausedAgain.status).toBe(422);
      expect(pausedAgain.body).toMatchObject({ error: 'INVALID_TRANSITION', details: { status: 'paused', action: 'pause' } });
      expect((await post(facilitator, `${e.id}/steps/${step(e, 'design-2d-3d')}/validate`)).status).toBe(422);
      expect((await post(admin, `${e.id}/resume`)).body.status).toBe('active');
      expect((await post(admin, `${e.id}/withdraw`, { reason: 'a trouvé un emploi' })).body.status).toBe('withdrawn');
      expect((await post(admin, `${e.id}/resume`)).status).toBe(422);
      expect((await post(admin, `${e.id}/withdraw`)).status).toBe(422);
      expect((await post(admin, `${e.id}/outcome`, { outcome: 'employment' })).status).toBe(200);
      const events = await rows<{ type: string; note: string | null }>(t, 'SELECT type, note FROM progress_events WHERE enrollment_id = $1 ORDER BY sequence', [e.id]);
      expect(events.map((ev) => [ev.type, ev.note])).toEqual([
        ['enrolled', null],
        ['paused', 'stage en entreprise'],
        ['resumed', null],
        ['withdrawn', 'a trouvé un emploi'],
        ['outcome', null],
      ]);
    });

    it('is for facilitators and admins', async () => {
      const e = await enrol(t, facilitator, sam.participant.id, 'APPRENDRE');
      expect((await post(trainer, `${e.id}/pause`)).status).toBe(403);
      expect((await post(sam.session, `${e.id}/pause`)).status).toBe(403);
      expect((await post(admin, `${e.id}/pause`, { reason: 42 })).status).toBe(400);
    });
  });

  describe('who may do what', () => {
    let samE: EnrollmentBody;
    let linaE: EnrollmentBody;
    beforeAll(async () => {
      const samView = (await t.http().get(`/api/participants/${sam.participant.id}`).set(admin.auth)).body;
      samE = (await t.http().get(`/api/enrollments/${samView.enrollments.find((x: { status: string; path: { code: string } }) => x.path.code === 'APPRENDRE').id}`).set(admin.auth)).body;
      linaE = await enrol(t, facilitator, lina.participant.id, 'APPRENDRE');
    });

    it('reads: staff in scope and the learner themself; others get 404', async () => {
      expect((await t.http().get(`/api/enrollments/${samE.id}`).set(sam.session.auth)).status).toBe(200);
      expect((await t.http().get(`/api/enrollments/${samE.id}`).set(trainer.auth)).status).toBe(200);
      expect((await t.http().get(`/api/enrollments/${samE.id}`).set(facilitator.auth)).status).toBe(200);
      // Another learner, a trainer of another partner, a trainer for someone not referred by theirs.
      expect((await t.http().get(`/api/enrollments/${samE.id}`).set(lina.session.auth)).status).toBe(404);
      expect((await t.http().get(`/api/enrollments/${samE.id}`).set(otherTrainer.auth)).status).toBe(404);
      expect((await t.http().get(`/api/enrollments/${linaE.id}`).set(trainer.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/${sam.participant.id}`).set(lina.session.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/${sam.participant.id}/qualifications`).set(lina.session.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/${sam.participant.id}/qualifications`).set(otherTrainer.auth)).status).toBe(404);
      expect((await t.http().get(`/api/enrollments/${randomUUID()}`).set(admin.auth)).status).toBe(404);
    });

    it('submits: the learner, on their own enrolments only', async () => {
      const design = step(samE, 'design-2d-3d');
      expect((await post(lina.session, `${samE.id}/steps/${design}/submit`)).status).toBe(404);
      expect((await post(facilitator, `${samE.id}/steps/${design}/submit`)).status).toBe(403);
      expect((await post(trainer, `${samE.id}/steps/${design}/submit`)).status).toBe(403);
      expect((await post(sam.session, `${samE.id}/steps/${design}/submit`, { note: 'fini' })).status).toBe(200);
      expect((await post(lina.session, `${linaE.id}/steps/${step(linaE, 'design-2d-3d')}/submit`)).status).toBe(200);
    });

    it('validates and rejects: facilitators, admins, and trainers for the young people their partner referred', async () => {
      const design = step(samE, 'design-2d-3d');
      expect((await post(sam.session, `${samE.id}/steps/${design}/validate`)).status).toBe(403);
      expect((await post(otherTrainer, `${samE.id}/steps/${design}/validate`)).status).toBe(404);
      expect((await post(otherTrainer, `${samE.id}/steps/${design}/reject`, { reason: 'non' })).status).toBe(404);
      expect((await post(trainer, `${linaE.id}/steps/${step(linaE, 'design-2d-3d')}/reject`, { reason: 'non' })).status).toBe(404);
      expect((await post(trainer, `${linaE.id}/outcome`, { outcome: 'none' })).status).toBe(404);
      expect((await post(trainer, `${samE.id}/steps/${design}/reject`, { reason: 'Il manque la cotation' })).status).toBe(200);
      await post(sam.session, `${samE.id}/steps/${design}/submit`, { note: 'corrigé' });
      expect((await post(trainer, `${samE.id}/steps/${design}/validate`)).body.steps[1].status).toBe('validated');
      expect((await post(facilitator, `${linaE.id}/steps/${step(linaE, 'design-2d-3d')}/reject`, { reason: 'non' })).status).toBe(200);
      expect((await post(admin, `${linaE.id}/steps/${step(linaE, 'laser-cutter')}/validate`)).status).toBe(200);
      // Nothing was written by the refused calls.
      const [{ n }] = await rows<{ n: string }>(t, "SELECT COUNT(*) AS n FROM progress_events WHERE enrollment_id = $1 AND type = 'validated'", [samE.id]);
      expect(Number(n)).toBe(1);
    });
  });
});
