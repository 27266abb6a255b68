import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTIVATION_ATTEMPTS } from '../src/auth/login-throttle.service.js';
import { LearnerActivation } from '../src/participants/learner-activation.entity.js';
import { type BookingBody, makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { waitForInbox } from './factories/notifications.js';
import { enrol, LEARNER_PASSWORD, makeLearner, makeParticipant } from './factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from './factories/users.js';
import { login, loginAdmin, type Session } from './helpers/auth.js';
import { bool, rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('learner accounts', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session;
  let trainerLogin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer', { username: 'trainer.taken' });
    trainerLogin = 'trainer.taken';
  });
  afterAll(async () => {
    await t.close();
  });

  const issue = (session: Session, participantId: string) =>
    t.http().post(`/api/participants/${participantId}/account`).set(session.auth).send();
  const activate = (body: Record<string, unknown>) => t.http().post('/api/auth/activate').send(body);

  describe('POST /participants/:id/account', () => {
    it('creates a learner account with no login and no password, and shows the code once', async () => {
      const p = await makeParticipant(t, facilitator);
      const res = await issue(facilitator, p.id);
      expect(res.status).toBe(201);
      // `code` is the name POST /auth/activate takes; `activationCode` (deprecated) repeats it for older clients.
      expect(res.body).toEqual({
        userId: expect.any(String),
        code: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
        activationCode: res.body.code,
        expiresAt: expect.any(String),
        activationUrl: expect.stringMatching(/\/activer\?code=[A-Z2-9-]+$/),
      });
      const days = (new Date(res.body.expiresAt).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(13.9);
      expect(days).toBeLessThanOrEqual(14);

      const [user] = await rows<Record<string, unknown>>(t, 'SELECT role, participant_id, username, email, password_hash, active FROM users WHERE id = $1', [res.body.userId]);
      expect({ ...user, active: bool(user.active) }).toEqual({ role: 'learner', participant_id: p.id, username: null, email: null, password_hash: null, active: false });
      const stored = await rows<{ code_hash: string }>(t, 'SELECT code_hash FROM learner_activations WHERE user_id = $1', [res.body.userId]);
      expect(stored).toHaveLength(1);
      expect(stored[0].code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(res.body.activationCode.replace(/-/g, ''));

      const detail = await t.http().get(`/api/participants/${p.id}`).set(facilitator.auth);
      expect(detail.body.account).toEqual({ userId: res.body.userId, username: null, activated: false, active: false });
    });

    it('re-issuing replaces the previous code, on the same account', async () => {
      const p = await makeParticipant(t, facilitator);
      const first = await issue(facilitator, p.id);
      const second = await issue(admin, p.id);
      expect(second.body.userId).toBe(first.body.userId);
      expect(second.body.code).not.toBe(first.body.code);
      const old = await activate({ code: first.body.code, username: `old-${p.id.slice(0, 8)}`, password: LEARNER_PASSWORD });
      expect(old.status).toBe(401);
      expect((await activate({ code: second.body.code, username: `new-${p.id.slice(0, 8)}`, password: LEARNER_PASSWORD })).status).toBe(200);
    });

    it('is for facilitators and admins, on visible participants', async () => {
      const p = await makeParticipant(t, facilitator);
      expect((await issue(trainer, p.id)).status).toBe(403);
      expect((await issue(admin, randomUUID())).status).toBe(404);
      expect((await t.http().post(`/api/participants/${p.id}/account`).send()).status).toBe(401);
    });
  });

  describe('POST /auth/activate', () => {
    it('activates with a username and password and returns the login pair', async () => {
      const p = await makeParticipant(t, facilitator);
      const { activationCode } = (await issue(facilitator, p.id)).body;
      const res = await activate({ code: activationCode.toLowerCase().replace(/-/g, ' '), username: ' Sam.D ', password: LEARNER_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { role: 'learner', participantId: p.id },
      });
      const me = await t.http().get('/api/auth/me').set({ Authorization: `Bearer ${res.body.accessToken}` });
      expect(me.body).toMatchObject({ username: 'sam.d', role: 'learner', participantId: p.id, active: true });
      expect((await login(t, 'sam.d', LEARNER_PASSWORD)).userId).toBe(res.body.user.id);
      // The code is used up.
      expect((await activate({ code: activationCode, username: 'sam.d2', password: LEARNER_PASSWORD })).status).toBe(401);
    });

    it('refuses bad input and unknown or expired codes, keeping the code when the username is taken', async () => {
      const p = await makeParticipant(t, facilitator);
      const issued = (await issue(facilitator, p.id)).body;
      const short = await activate({ code: issued.activationCode, username: 'valid.name', password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.details[0].field).toBe('password');
      const badName = await activate({ code: issued.activationCode, username: 'a b', password: LEARNER_PASSWORD });
      expect(badName.status).toBe(400);
      expect(badName.body.details[0].field).toBe('username');
      const unknown = await activate({ code: 'AAAA-BBBB-CCCC', username: 'valid.name', password: LEARNER_PASSWORD });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error).toBe('INVALID_CREDENTIALS');

      const taken = await activate({ code: issued.activationCode, username: trainerLogin, password: LEARNER_PASSWORD });
      expect(taken.status).toBe(409);
      expect(taken.body.error).toBe('CONFLICT');
      expect((await login(t, trainerLogin, STAFF_PASSWORD)).userId).toBe(trainer.userId);

      await t.dataSource.getRepository(LearnerActivation).update({ userId: issued.userId }, { expiresAt: new Date(Date.now() - 1000) });
      expect((await activate({ code: issued.activationCode, username: 'valid.name', password: LEARNER_PASSWORD })).status).toBe(401);
    });

    it('lets the fablab reset a forgotten password with a new code; a closed account stays closed', async () => {
      const { participant, session, username } = await makeLearner(t, facilitator);
      const reissued = (await issue(facilitator, participant.id)).body;
      const res = await activate({ code: reissued.activationCode, username, password: 'a-brand-new-password' });
      expect(res.status).toBe(200);
      await expect(login(t, username, LEARNER_PASSWORD)).rejects.toThrow(/401/);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      // Whoever held the old session loses its access token too.
      expect((await t.http().get('/api/me/progress').set(session.auth)).status).toBe(401);
      expect((await t.http().get('/api/me/progress').set('Authorization', `Bearer ${res.body.accessToken}`)).status).toBe(200);

      expect((await t.http().delete(`/api/users/${res.body.user.id}`).set(admin.auth)).status).toBe(200);
      const closed = await issue(facilitator, participant.id);
      expect(closed.status).toBe(409);
    });
  });

  describe('GET /me/progress', () => {
    it("shows the learner's enrolments, next step and valid qualifications", async () => {
      const { participant, session } = await makeLearner(t, facilitator);
      const e = await enrol(t, facilitator, participant.id, 'EXPERIMENTER');
      const welcome = e.steps[0].stepId;
      await t.http().post(`/api/enrollments/${e.id}/steps/${welcome}/validate`).set(facilitator.auth).send({});
      await t.http().post(`/api/enrollments/${e.id}/steps/${e.steps[1].stepId}/validate`).set(facilitator.auth).send({});
      const revoked = await t.http().post(`/api/participants/${participant.id}/qualifications`).set(facilitator.auth).send({ category: 'embroidery' });
      await t.http().delete(`/api/participants/${participant.id}/qualifications/${revoked.body.id}`).set(facilitator.auth);
      // Each validated step reaches the learner's inbox (notifications, delivered by the worker).
      await waitForInbox(t, session, 'step_validated', 2);

      const res = await t.http().get('/api/me/progress').set(session.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        participantId: participant.id,
        nextStep: { enrollmentId: e.id, path: { code: 'EXPERIMENTER' }, code: 'vinyl-sticker', status: 'todo' },
        upcomingBookings: [],
        unreadNotifications: 2,
      });
      const enrolmentView = (await t.http().get(`/api/enrollments/${e.id}`).set(session.auth)).body;
      expect(res.body.enrollments).toEqual([enrolmentView]);
      expect(res.body.qualifications.map((q: { category: string }) => q.category)).toEqual(['fdm_printer']);
      // The same views as the staff's list of the learner's qualifications: the valid ones, field by field.
      const history = (await t.http().get(`/api/participants/${participant.id}/qualifications`).set(facilitator.auth)).body;
      expect(res.body.qualifications).toEqual(history.filter((q: { valid: boolean }) => q.valid));
    });

    it('takes the coming bookings from bookings and the unread count from notifications', async () => {
      const { participant, session } = await makeLearner(t, facilitator);
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const day = nextWeekday(t, 'wed');
      const later = await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '14:00', '15:00'), participantIds: [participant.id] });
      const sooner = await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '10:00', '11:00'), participantIds: [participant.id] });
      const e = await enrol(t, facilitator, participant.id, 'EXPERIMENTER');
      await t.http().post(`/api/enrollments/${e.id}/steps/${e.steps[0].stepId}/validate`).set(facilitator.auth).send({});
      await waitForInbox(t, session, 'step_validated', 1);

      const res = await t.http().get('/api/me/progress').set(session.auth);
      expect(res.body.upcomingBookings.map((b: { id: string }) => b.id)).toEqual([sooner.id, later.id]);
      expect(res.body.unreadNotifications).toBe(1);
      await t.http().post('/api/me/notifications/read-all').set(session.auth).send({});
      expect((await t.http().get('/api/me/progress').set(session.auth)).body.unreadNotifications).toBe(0);
    });

    it("shows the coming bookings a learner made or attends, each once, never another learner's nor other attendees", async () => {
      const me = await makeLearner(t, facilitator);
      const other = await makeLearner(t, facilitator);
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const day = nextWeekday(t, 'thu');
      const book = (session: Session, start: string, end: string, participantIds?: string[]) =>
        makeBooking(t, session, { machineId: machine.id, kind: 'open_lab', ...slot(day, start, end), ...(participantIds ? { participantIds } : {}) });
      const madeAndAttended = await book(me.session, '09:00', '09:30', [me.participant.id]);
      // A learner's booking lists them; one the staff took them off is still theirs (they made it).
      const made = await book(me.session, '09:30', '10:00');
      expect((await t.http().patch(`/api/bookings/${made.id}`).set(facilitator.auth).send({ participantIds: [] })).status).toBe(200);
      const attendedWithOther = await book(facilitator, '10:00', '11:00', [other.participant.id, me.participant.id]);
      const othersOwn = await book(other.session, '11:00', '11:30', [other.participant.id]);
      const othersOnly = await book(facilitator, '11:30', '12:00', [other.participant.id]);
      const cancelled = await book(facilitator, '13:30', '14:00', [me.participant.id]);
      expect((await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set(facilitator.auth).send({})).status).toBe(200);

      const mine = (await t.http().get('/api/me/progress').set(me.session.auth)).body.upcomingBookings as BookingBody[];
      expect(mine.map((b) => b.id)).toEqual([madeAndAttended.id, made.id, attendedWithOther.id]);
      // Each as the learner's own GET /bookings/:id gives it: themself or nobody among the attendees.
      for (const booking of mine) expect(booking).toEqual((await t.http().get(`/api/bookings/${booking.id}`).set(me.session.auth)).body);
      expect(mine.map((b) => b.participantIds)).toEqual([[me.participant.id], [], [me.participant.id]]);
      const theirs = (await t.http().get('/api/me/progress').set(other.session.auth)).body.upcomingBookings as BookingBody[];
      expect(theirs.map((b) => b.id)).toEqual([attendedWithOther.id, othersOwn.id, othersOnly.id]);
      expect(theirs[0].participantIds).toEqual([other.participant.id]);
    });

    it('is for learners', async () => {
      expect((await t.http().get('/api/me/progress').set(facilitator.auth)).status).toBe(403);
      expect((await t.http().get('/api/me/progress')).status).toBe(401);
    });
  });

  // Last: it leaves the test client's IP blocked for activations.
  describe('throttling', () => {
    it('is not blocked by failed logins that borrow its old pseudo-login', async () => {
      for (let i = 0; i < 12; i++) {
        await t.http().post('/api/auth/login').send({ login: 'account-activation', password: 'wrong-password' });
      }
      const p = await makeParticipant(t, facilitator);
      const { activationCode } = (await issue(facilitator, p.id)).body;
      const res = await activate({ code: activationCode, username: `after.logins.${p.id.slice(0, 6)}`, password: LEARNER_PASSWORD });
      expect(res.status).toBe(200);
    });

    it('counts parallel wrong codes before checking them, then refuses even a right one (429 with Retry-After)', async () => {
      const p = await makeParticipant(t, facilitator);
      const { activationCode } = (await issue(facilitator, p.id)).body;
      const wrong = await Promise.all(
        Array.from({ length: 60 }, (_, i) => activate({ code: `WRNG-CODE-${String(i).padStart(2, '0')}`, username: 'valid.name', password: LEARNER_PASSWORD })),
      );
      const statuses = wrong.map((res) => res.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(ACTIVATION_ATTEMPTS);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(60 - ACTIVATION_ATTEMPTS);
      for (const res of wrong.filter((r) => r.status === 429)) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const right = await activate({ code: activationCode, username: 'valid.name', password: LEARNER_PASSWORD });
      expect(right.status).toBe(429);
      expect(right.body.error).toBe('TOO_MANY_REQUESTS');
    });
  });
});
