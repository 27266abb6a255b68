import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QualificationsService } from '../src/participants/qualifications.service.js';
import { makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('qualifications', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let trainer: Session & { user: { partnerId: string | null } };
  let learner: { participant: ParticipantBody; session: Session };
  let qualifications: QualificationsService;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t, facilitator, { referredByPartnerId: trainer.user.partnerId });
    qualifications = t.app.get(QualificationsService);
  });
  afterAll(async () => {
    await t.close();
  });

  const grant = (session: Session, participantId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/participants/${participantId}/qualifications`).set(session.auth).send(body);

  it('grants directly, valid 24 months by default, back-dated if need be', async () => {
    const p = await makeParticipant(t, facilitator);
    const res = await grant(facilitator, p.id, { category: 'laser_cutter', grantedAt: '2025-03-15T10:00:00.000Z' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      category: 'laser_cutter',
      grantedAt: '2025-03-15T10:00:00.000Z',
      expiresAt: '2027-03-15T10:00:00.000Z',
      revokedAt: null,
      revokeReason: null,
      source: 'direct',
      valid: expect.any(Boolean),
      enrollmentId: null,
      stepId: null,
    });
    const now = await grant(admin, p.id, { category: 'embroidery', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(now.body).toMatchObject({ category: 'embroidery', expiresAt: '2099-01-01T00:00:00.000Z', valid: true });
    const [row] = await rows<{ granted_by_user_id: string }>(t, 'SELECT granted_by_user_id FROM qualifications WHERE id = $1', [res.body.id]);
    expect(row.granted_by_user_id).toBe(facilitator.user.id);
  });

  it('refuses bad grants and changes nothing', async () => {
    const p = await makeParticipant(t, facilitator);
    const cases: [Record<string, unknown>, string][] = [
      [{ category: 'spaceship' }, 'category'],
      [{}, 'category'],
      [{ category: 'fdm_printer', grantedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'grantedAt'],
      [{ category: 'fdm_printer', grantedAt: '2026-01-10T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' }, 'expiresAt'],
    ];
    for (const [body, field] of cases) {
      const res = await grant(facilitator, p.id, body);
      expect({ status: res.status, field: res.body.details?.[0]?.field }).toEqual({ status: 400, field });
    }
    expect((await t.http().get(`/api/participants/${p.id}/qualifications`).set(facilitator.auth)).body).toEqual([]);
  });

  it('lets only facilitators and admins grant and revoke', async () => {
    const body = { category: 'fdm_printer' };
    expect((await grant(trainer, learner.participant.id, body)).status).toBe(403);
    expect((await grant(learner.session, learner.participant.id, body)).status).toBe(403);
    expect((await grant(admin, randomUUID(), body)).status).toBe(404);
    const q = await grant(admin, learner.participant.id, body);
    expect((await t.http().delete(`/api/participants/${learner.participant.id}/qualifications/${q.body.id}`).set(trainer.auth)).status).toBe(403);
    expect((await t.http().delete(`/api/participants/${learner.participant.id}/qualifications/${q.body.id}`).set(learner.session.auth)).status).toBe(403);
  });

  it('revokes every valid grant of the category, keeping the rows: history is never deleted', async () => {
    const p = await makeParticipant(t, facilitator);
    const old = await grant(facilitator, p.id, { category: 'cnc_router', grantedAt: '2024-01-01T00:00:00Z', expiresAt: '2024-06-01T00:00:00Z' });
    const first = await grant(facilitator, p.id, { category: 'cnc_router', grantedAt: '2025-12-01T00:00:00Z' });
    const second = await grant(facilitator, p.id, { category: 'cnc_router' });
    const other = await grant(facilitator, p.id, { category: 'heat_press' });
    expect(await qualifications.isQualified(p.id, 'cnc_router', new Date())).toBe(true);

    const res = await t.http().delete(`/api/participants/${p.id}/qualifications/${first.body.id}`).set(facilitator.auth);
    expect(res.status).toBe(204);
    const list = (await t.http().get(`/api/participants/${p.id}/qualifications`).set(facilitator.auth)).body as {
      id: string;
      revokedAt: string | null;
      valid: boolean;
    }[];
    expect(list).toHaveLength(4);
    const byId = new Map(list.map((q) => [q.id, q]));
    expect(byId.get(first.body.id)).toMatchObject({ revokedAt: expect.any(String), valid: false });
    expect(byId.get(second.body.id)).toMatchObject({ revokedAt: expect.any(String), valid: false });
    expect(byId.get(old.body.id)).toMatchObject({ valid: false });
    expect(byId.get(other.body.id)).toMatchObject({ revokedAt: null, valid: true });
    expect(await qualifications.isQualified(p.id, 'cnc_router', new Date())).toBe(false);
    // Still qualified in the past, before the revocation.
    expect(await qualifications.isQualified(p.id, 'cnc_router', new Date('2026-01-15T00:00:00Z'))).toBe(true);

    expect((await t.http().delete(`/api/participants/${p.id}/qualifications/${randomUUID()}`).set(facilitator.auth)).status).toBe(404);
    const elsewhere = await makeParticipant(t, facilitator);
    expect((await t.http().delete(`/api/participants/${elsewhere.id}/qualifications/${other.body.id}`).set(facilitator.auth)).status).toBe(404);
  });

  it('revokes with a reason (POST …/revoke): kept with the rows; a missing reason or a trainer changes nothing', async () => {
    const p = await makeParticipant(t, facilitator);
    const q = (await grant(facilitator, p.id, { category: 'vinyl_cutter' })).body;
    const revoke = (session: Session, body: Record<string, unknown>) =>
      t.http().post(`/api/participants/${p.id}/qualifications/${q.id}/revoke`).set(session.auth).send(body);
    expect((await revoke(facilitator, {})).body.error).toBe('VALIDATION_FAILED');
    expect((await revoke(facilitator, { reason: '  ' })).status).toBe(400);
    expect((await revoke(trainer, { reason: 'Pas de formation' })).status).toBe(403);
    expect((await t.http().post(`/api/participants/${p.id}/qualifications/${randomUUID()}/revoke`).set(facilitator.auth).send({ reason: 'Inconnue' })).status).toBe(404);
    const still = (await t.http().get(`/api/participants/${p.id}/qualifications`).set(facilitator.auth)).body;
    expect(still[0]).toMatchObject({ valid: true, revokedAt: null, revokeReason: null });
    expect((await revoke(facilitator, { reason: ' Consignes de sécurité non respectées ' })).status).toBe(204);
    const after = (await t.http().get(`/api/participants/${p.id}/qualifications`).set(facilitator.auth)).body;
    expect(after[0]).toMatchObject({ valid: false, revokeReason: 'Consignes de sécurité non respectées' });
    expect(after[0].revokedAt).not.toBeNull();
  });

  it('shows the history to staff in scope and to the learner themself, newest first', async () => {
    await grant(facilitator, learner.participant.id, { category: 'vinyl_cutter', grantedAt: '2025-01-01T00:00:00Z' });
    const own = await t.http().get(`/api/participants/${learner.participant.id}/qualifications`).set(learner.session.auth);
    expect(own.status).toBe(200);
    const dates = own.body.map((q: { grantedAt: string }) => q.grantedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect((await t.http().get(`/api/participants/${learner.participant.id}/qualifications`).set(trainer.auth)).status).toBe(200);
    const other = await makeParticipant(t, facilitator);
    expect((await t.http().get(`/api/participants/${other.id}/qualifications`).set(learner.session.auth)).status).toBe(404);
    expect((await t.http().get(`/api/participants/${other.id}/qualifications`).set(trainer.auth)).status).toBe(404);
    expect((await t.http().get(`/api/participants/${other.id}/qualifications`)).status).toBe(401);
  });

  it('answers isQualified and unqualified for a moment, as bookings will ask', async () => {
    const a = await makeParticipant(t, facilitator);
    const b = await makeParticipant(t, facilitator);
    const c = await makeParticipant(t, facilitator);
    await grant(facilitator, a.id, { category: 'resin_printer', grantedAt: '2025-01-10T00:00:00Z' }); // until 2027-01-10
    await grant(facilitator, b.id, { category: 'resin_printer', grantedAt: '2022-01-10T00:00:00Z' }); // expired 2024-01-10
    await grant(facilitator, c.id, { category: 'laser_cutter' });

    expect(await qualifications.isQualified(a.id, 'resin_printer', new Date('2026-06-01T00:00:00Z'))).toBe(true);
    expect(await qualifications.isQualified(a.id, 'resin_printer', new Date('2025-01-09T00:00:00Z'))).toBe(false);
    expect(await qualifications.isQualified(a.id, 'resin_printer', new Date('2027-01-10T00:00:00Z'))).toBe(false);
    expect(await qualifications.isQualified(a.id, 'laser_cutter', new Date('2026-06-01T00:00:00Z'))).toBe(false);
    expect(await qualifications.isQualified(b.id, 'resin_printer', new Date('2023-06-01T00:00:00Z'))).toBe(true);
    expect(await qualifications.isQualified(randomUUID(), 'resin_printer', new Date())).toBe(false);

    const at = new Date('2026-06-01T00:00:00Z');
    expect(await qualifications.unqualified([a.id, b.id, c.id, b.id], 'resin_printer', at)).toEqual([b.id, c.id]);
    expect(await qualifications.unqualified([], 'resin_printer', at)).toEqual([]);
  });
});
