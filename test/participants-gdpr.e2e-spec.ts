import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QualificationsService } from '../src/participants/qualifications.service.js';
import { type EnrollmentBody, enrol, LEARNER_PASSWORD, makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { login, loginAdmin, type Session } from './helpers/auth.js';
import { bool, rows } from './helpers/db.js';
import { DomainEventProbe, DomainEventProbeModule } from './helpers/domain-event-probe.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('GDPR: export and erasure', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { partnerId: string | null } };
  let learner: { participant: ParticipantBody; session: Session; username: string };
  let enrollment: EnrollmentBody;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [DomainEventProbeModule] });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t, facilitator, {
      firstName: 'Yanis',
      lastName: 'Haddad',
      birthYear: 2007,
      gender: 'male',
      audience: 'dropout',
      livesInQpv: true,
      postcode: '73000',
      referredByPartnerId: trainer.user.partnerId,
      contact: { email: 'yanis@example.org', phone: '0611223344' },
      guardian: { name: 'Karima Haddad', phone: '0699887766' },
      consent: { dataProcessing: true, imageRights: true },
    });
    enrollment = await enrol(t, facilitator, learner.participant.id, 'FABRIQUER', { enrolledAt: '2026-02-03T09:00:00.000Z' });
    const step = (code: string) => enrollment.steps.find((s) => s.code === code)!.stepId;
    await t
      .http()
      .post(`/api/enrollments/${enrollment.id}/steps/${step('vector-drawing')}/submit`)
      .set(learner.session.auth)
      .send({ note: 'Mon logo pour Yanis Haddad', evidenceUrl: 'https://photos.example.org/yanis.jpg' });
    await t
      .http()
      .post(`/api/enrollments/${enrollment.id}/steps/${step('vector-drawing')}/reject`)
      .set(facilitator.auth)
      .send({ reason: 'Yanis doit vectoriser le texte' });
    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${step('laser-cutting')}/validate`).set(trainer.auth).send({ note: 'Très soigneux' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /participants/:id/export', () => {
    it('returns everything held on the person, and no hash', async () => {
      const res = await t.http().get(`/api/participants/${learner.participant.id}/export`).set(facilitator.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="participant-${learner.participant.id}.json"`);
      expect(res.body.participant).toMatchObject({
        firstName: 'Yanis',
        lastName: 'Haddad',
        contact: { email: 'yanis@example.org', phone: '0611223344' },
        guardian: { name: 'Karima Haddad', phone: '0699887766', email: null },
        consent: { dataProcessing: true, parentalConsent: null, imageRights: true },
      });
      expect(res.body.enrollments).toHaveLength(1);
      expect(res.body.enrollments[0]).toMatchObject({ id: enrollment.id, path: { code: 'FABRIQUER' } });
      expect(res.body.events.map((e: { type: string; stepCode: string | null }) => [e.type, e.stepCode])).toEqual([
        ['enrolled', null],
        ['submitted', 'vector-drawing'],
        ['rejected', 'vector-drawing'],
        ['validated', 'laser-cutting'],
      ]);
      expect(res.body.events[1]).toMatchObject({ note: 'Mon logo pour Yanis Haddad', evidenceUrl: 'https://photos.example.org/yanis.jpg' });
      expect(res.body.qualifications).toEqual([expect.objectContaining({ category: 'laser_cutter', source: 'step' })]);
      expect(res.body.account).toMatchObject({ username: learner.username, role: 'learner', activated: true, active: true });
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/hash|argon2/i);
    });

    it('is for facilitators and admins', async () => {
      expect((await t.http().get(`/api/participants/${learner.participant.id}/export`).set(trainer.auth)).status).toBe(403);
      expect((await t.http().get(`/api/participants/${learner.participant.id}/export`).set(learner.session.auth)).status).toBe(403);
      expect((await t.http().get(`/api/participants/${randomUUID()}/export`).set(admin.auth)).status).toBe(404);
    });
  });

  describe('DELETE /participants/:id', () => {
    it('is for admins only', async () => {
      expect((await t.http().delete(`/api/participants/${learner.participant.id}`).set(facilitator.auth)).status).toBe(403);
      expect((await t.http().delete(`/api/participants/${learner.participant.id}`).set(trainer.auth)).status).toBe(403);
      expect((await t.http().delete(`/api/participants/${randomUUID()}`).set(admin.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/${learner.participant.id}`).set(admin.auth)).body.firstName).toBe('Yanis');
    });

    it('wipes personal data in place and keeps the pseudonymous statistical profile', async () => {
      const hooked: string[] = [];
      t.app.get(DomainEventProbe).listen(({ name, payload, inTransaction }) => {
        if (name === 'participant.erasing' && inTransaction) hooked.push(payload.participantId);
      });
      const id = learner.participant.id;
      const res = await t.http().delete(`/api/participants/${id}`).set(admin.auth);
      expect(res.status).toBe(204);
      expect(hooked).toEqual([id]);

      const [p] = await rows<Record<string, unknown>>(t, 'SELECT * FROM participants WHERE id = $1', [id]);
      expect({
        ...p,
        lives_in_qpv: bool(p.lives_in_qpv),
        consent_data_processing: bool(p.consent_data_processing),
        consent_image_rights: bool(p.consent_image_rights),
      }).toMatchObject({
        first_name: null,
        last_name: null,
        postcode: null,
        contact_email: null,
        contact_phone: null,
        guardian_name: null,
        guardian_phone: null,
        guardian_email: null,
        name_key: null,
        identity_key: null,
        birth_year: 2007,
        gender: 'male',
        audience: 'dropout',
        lives_in_qpv: true,
        referred_by_partner_id: trainer.user.partnerId,
      });
      expect(p.erased_at).not.toBeNull();

      const enrollments = await rows<{ id: string; status: string; enrolled_at: unknown }>(t, 'SELECT id, status, enrolled_at FROM enrollments WHERE participant_id = $1', [id]);
      expect(enrollments).toHaveLength(1);
      expect(enrollments[0]).toMatchObject({ id: enrollment.id, status: 'active' });
      expect(new Date(String(enrollments[0].enrolled_at)).toISOString().slice(0, 10)).toBe('2026-02-03');

      const events = await rows<{ type: string; occurred_at: unknown; note: string | null; evidence_url: string | null }>(
        t,
        'SELECT type, occurred_at, note, evidence_url FROM progress_events WHERE participant_id = $1 ORDER BY sequence',
        [id],
      );
      expect(events.map((e) => e.type)).toEqual(['enrolled', 'submitted', 'rejected', 'validated']);
      expect(events.every((e) => e.note === null && e.evidence_url === null && e.occurred_at !== null)).toBe(true);

      const states = await rows<Record<string, unknown>>(t, 'SELECT status, evidence_url, evidence_note, rejection_reason FROM enrollment_steps WHERE enrollment_id = $1', [enrollment.id]);
      expect(states).toHaveLength(2);
      expect(states.every((s) => s.evidence_url === null && s.evidence_note === null && s.rejection_reason === null)).toBe(true);

      const qualifications = await rows(t, 'SELECT category FROM qualifications WHERE participant_id = $1', [id]);
      expect(qualifications).toEqual([{ category: 'laser_cutter' }]);

      const [account] = await rows<Record<string, unknown>>(t, 'SELECT username, email, password_hash, display_name, active, participant_id FROM users WHERE participant_id = $1', [id]);
      expect({ ...account, active: bool(account.active) }).toEqual({
        username: null,
        email: null,
        password_hash: null,
        display_name: 'Compte effacé',
        active: false,
        participant_id: id,
      });
      expect(await rows(t, 'SELECT id FROM learner_activations')).toEqual([]);

      // Nothing personal is left anywhere in these tables.
      for (const table of ['participants', 'progress_events', 'enrollment_steps', 'users']) {
        const dump = JSON.stringify(await rows(t, `SELECT * FROM ${table}`));
        expect({ table, leaks: /yanis|haddad|karima|0611223344|73000/i.test(dump) }).toEqual({ table, leaks: false });
      }
    });

    it('then answers 404 everywhere, leaves every list, and closes the account', async () => {
      const id = learner.participant.id;
      expect((await t.http().get(`/api/participants/${id}`).set(admin.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/${id}/export`).set(admin.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/${id}/qualifications`).set(admin.auth)).status).toBe(404);
      expect((await t.http().get(`/api/enrollments/${enrollment.id}`).set(admin.auth)).status).toBe(404);
      expect((await t.http().patch(`/api/participants/${id}`).set(admin.auth).send({ postcode: '73000' })).status).toBe(404);
      expect((await t.http().delete(`/api/participants/${id}`).set(admin.auth)).status).toBe(404);
      const list = await t.http().get('/api/participants?limit=200').set(admin.auth);
      expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
      expect((await t.http().get(`/api/participants?pathCode=FABRIQUER`).set(trainer.auth)).body.total).toBe(0);
      expect(await t.app.get(QualificationsService).isQualified(id, 'laser_cutter', new Date())).toBe(false);

      expect((await t.http().get('/api/me/progress').set(learner.session.auth)).status).toBe(401);
      await expect(login(t, learner.username, LEARNER_PASSWORD)).rejects.toThrow(/401/);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: learner.session.refreshToken })).status).toBe(401);

      // The same person may be registered again later: the erased row no longer matches.
      const again = await makeParticipant(t, facilitator, { firstName: 'Yanis', lastName: 'Haddad', birthYear: 2007 });
      expect(again.id).not.toBe(id);
    });
  });
});
