import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePartner, makeStaff, STAFF_PASSWORD } from './factories/users.js';
import { login, loginAdmin, type Session } from './helpers/auth.js';
import { makeRawLearner } from './helpers/learner.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('users (admin)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const countUsers = async () => (await t.http().get('/api/users').set(admin.auth)).body.total as number;

  it('creates a facilitator who can then log in; the response holds no password', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ email: ' Lea.Martin@Fablab.test ', username: 'Lea.M', password: STAFF_PASSWORD, role: 'facilitator', displayName: 'Léa Martin' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      email: 'lea.martin@fablab.test',
      username: 'lea.m',
      role: 'facilitator',
      displayName: 'Léa Martin',
      partnerId: null,
      active: true,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    await login(t, 'lea.m', STAFF_PASSWORD);
  });

  it('creates a trainer attached to a partner, who sees partnerId in /auth/me and the login', async () => {
    const partner = await makePartner(t, admin, { name: 'École numérique', kind: 'training' });
    const res = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ username: 'trainer.one', password: STAFF_PASSWORD, role: 'trainer', displayName: 'Trainer One', partnerId: partner.id });
    expect(res.status).toBe(201);
    const loginRes = await t.http().post('/api/auth/login').send({ login: 'trainer.one', password: STAFF_PASSWORD });
    expect(loginRes.body.user).toMatchObject({ role: 'trainer', partnerId: partner.id });
  });

  it('validates input with field details and creates nothing', async () => {
    const before = await countUsers();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ username: 'short.pw', password: 'short', role: 'facilitator', displayName: 'X' }, 'password'],
      [{ username: 'bad.role', password: STAFF_PASSWORD, role: 'superuser', displayName: 'X' }, 'role'],
      [{ email: 'not-an-email', password: STAFF_PASSWORD, role: 'facilitator', displayName: 'X' }, 'email'],
      [{ username: 'x', password: STAFF_PASSWORD, role: 'facilitator', displayName: 'X' }, 'username'],
      [{ password: STAFF_PASSWORD, role: 'facilitator', displayName: 'No identifier' }, 'email'],
      [{ username: 'no.partner', password: STAFF_PASSWORD, role: 'trainer', displayName: 'X' }, 'partnerId'],
      [{ username: 'bad.partner', password: STAFF_PASSWORD, role: 'trainer', displayName: 'X', partnerId: '3b241101-e2bb-4255-8caf-4136c566a962' }, 'partnerId'],
      [{ username: 'learner.direct', password: STAFF_PASSWORD, role: 'learner', displayName: 'X' }, 'role'],
      [{ username: 'extra.field', password: STAFF_PASSWORD, role: 'admin', displayName: 'X', isRoot: true }, 'isRoot'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/api/users').set(admin.auth).send(body);
      expect({ field, status: res.status, error: res.body.error }).toEqual({ field, status: 400, error: 'VALIDATION_FAILED' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await countUsers()).toBe(before);
  });

  it('refuses a duplicate e-mail or username (any case) with 409 CONFLICT', async () => {
    await makeStaff(t, admin, 'facilitator', { username: 'dup.user', email: 'dup@fablab.test' });
    const sameEmail = await t.http().post('/api/users').set(admin.auth)
      .send({ username: 'other.user', email: 'DUP@fablab.test', password: STAFF_PASSWORD, role: 'facilitator', displayName: 'D' });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body).toMatchObject({ statusCode: 409, error: 'CONFLICT', details: { field: 'email' } });
    const sameUsername = await t.http().post('/api/users').set(admin.auth)
      .send({ username: 'Dup.User', password: STAFF_PASSWORD, role: 'facilitator', displayName: 'D' });
    expect(sameUsername.status).toBe(409);
    expect(sameUsername.body.details).toEqual({ field: 'username' });
  });

  it('lists with pagination and filters', async () => {
    const res = await t.http().get('/api/users?role=facilitator&limit=1&offset=0').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 1, offset: 0, total: expect.any(Number) });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.total).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0].role).toBe('facilitator');
    const bad = await t.http().get('/api/users?limit=1000').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('limit');
  });

  it('updates, and DELETE deactivates instead of deleting', async () => {
    const staff = await makeStaff(t, admin, 'facilitator');
    const patched = await t.http().patch(`/api/users/${staff.userId}`).set(admin.auth).send({ displayName: 'Renamed' });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Renamed');
    const deleted = await t.http().delete(`/api/users/${staff.userId}`).set(admin.auth);
    expect(deleted.status).toBe(200);
    expect(deleted.body.active).toBe(false);
    const still = await t.http().get(`/api/users/${staff.userId}`).set(admin.auth);
    expect(still.status).toBe(200);
    expect(still.body.active).toBe(false);
  });

  it('an admin cannot deactivate or demote themself', async () => {
    const res = await t.http().delete(`/api/users/${admin.userId}`).set(admin.auth);
    expect(res.status).toBe(409);
    const demote = await t.http().patch(`/api/users/${admin.userId}`).set(admin.auth).send({ role: 'facilitator' });
    expect(demote.status).toBe(409);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    const unknown = await t.http().get('/api/users/3b241101-e2bb-4255-8caf-4136c566a962').set(admin.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('NOT_FOUND');
    const malformed = await t.http().patch('/api/users/not-a-uuid').set(admin.auth).send({ displayName: 'x' });
    expect(malformed.status).toBe(404);
  });

  it('refuses every other role (403) and anonymous callers (401)', async () => {
    const facilitator = await makeStaff(t, admin, 'facilitator');
    const trainer = await makeStaff(t, admin, 'trainer');
    const learner = await makeRawLearner(t, 'learner.users');
    for (const caller of [facilitator, trainer, learner]) {
      const list = await t.http().get('/api/users').set(caller.auth);
      expect(list.status).toBe(403);
      expect(list.body.error).toBe('FORBIDDEN');
      const create = await t.http().post('/api/users').set(caller.auth)
        .send({ username: 'sneaky.admin', password: STAFF_PASSWORD, role: 'admin', displayName: 'S' });
      expect(create.status).toBe(403);
      const patch = await t.http().patch(`/api/users/${caller.userId}`).set(caller.auth).send({ role: 'admin' });
      expect(patch.status).toBe(403);
    }
    expect((await t.http().get('/api/users')).status).toBe(401);
  });
});

describe('partners', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('admin creates, reads and updates a partner', async () => {
    const created = await t.http().post('/api/partners').set(admin.auth).send({ name: 'Mission locale', kind: 'insertion' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Mission locale', kind: 'insertion', active: true });
    const got = await t.http().get(`/api/partners/${created.body.id}`).set(admin.auth);
    expect(got.body.name).toBe('Mission locale');
    const patched = await t.http().patch(`/api/partners/${created.body.id}`).set(admin.auth).send({ kind: 'public' });
    expect(patched.body.kind).toBe('public');
    // The internal uniqueness key never leaves the server.
    const list = await t.http().get('/api/partners').set(admin.auth);
    for (const body of [created.body, got.body, patched.body, ...list.body.items]) {
      expect(Object.keys(body).sort()).toEqual(['active', 'createdAt', 'id', 'kind', 'name', 'updatedAt']);
    }
  });

  it('validates kind and name; a duplicate name (any case) is 409', async () => {
    const badKind = await t.http().post('/api/partners').set(admin.auth).send({ name: 'X partner', kind: 'company' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.details).toEqual([{ field: 'kind', message: expect.any(String) }]);
    const noName = await t.http().post('/api/partners').set(admin.auth).send({ kind: 'school' });
    expect(noName.status).toBe(400);
    await t.http().post('/api/partners').set(admin.auth).send({ name: 'Lycée Vaugelas', kind: 'school' }).expect(201);
    const dup = await t.http().post('/api/partners').set(admin.auth).send({ name: 'LYCÉE VAUGELAS', kind: 'school' });
    expect(dup.status).toBe(409);
  });

  it('staff read partners; only admins write; learners and anonymous are refused', async () => {
    const facilitator = await makeStaff(t, admin, 'facilitator');
    const trainer = await makeStaff(t, admin, 'trainer');
    const learner = await makeRawLearner(t, 'learner.partners');
    for (const staff of [facilitator, trainer]) {
      const list = await t.http().get('/api/partners').set(staff.auth);
      expect(list.status).toBe(200);
      expect(list.body.total).toBeGreaterThan(0);
      const create = await t.http().post('/api/partners').set(staff.auth).send({ name: 'Nope', kind: 'school' });
      expect(create.status).toBe(403);
      const patch = await t.http().patch(`/api/partners/${list.body.items[0].id}`).set(staff.auth).send({ name: 'Nope' });
      expect(patch.status).toBe(403);
    }
    expect((await t.http().get('/api/partners').set(learner.auth)).status).toBe(403);
    expect((await t.http().get('/api/partners')).status).toBe(401);
  });
});
