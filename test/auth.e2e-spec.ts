import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import {
  ACCOUNT_FREE_ATTEMPTS,
  ACCOUNT_MAX_DELAY_SECONDS,
  accountDelaySeconds,
  LOGIN_ATTEMPTS,
  LoginThrottle,
} from '../src/auth/login-throttle.service.js';
import { AuthService } from '../src/auth/auth.service.js';
import type { AuthUser } from '../src/common/auth/auth-user.js';
import { RawReader } from '../src/database/raw-reader.service.js';
import { makeStaff, STAFF_PASSWORD } from './factories/users.js';
import { login, loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './helpers/test-app.js';

describe('auth', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /auth/login', () => {
    it('logs in by username and by e-mail (any case) and returns the token pair', async () => {
      for (const name of ['admin', 'ADMIN@fablab.test']) {
        const res = await t.http().post('/api/auth/login').send({ login: name, password: ADMIN_PASSWORD });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          accessToken: expect.any(String),
          refreshToken: expect.any(String),
          expiresIn: 900,
          user: { id: admin.userId, role: 'admin', displayName: expect.any(String) },
        });
      }
    });

    it('answers the same 401 INVALID_CREDENTIALS for a wrong password and an unknown login', async () => {
      const wrong = await t.http().post('/api/auth/login').send({ login: 'admin', password: 'not-the-password' });
      const unknown = await t.http().post('/api/auth/login').send({ login: 'nobody', password: 'not-the-password' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'INVALID_CREDENTIALS', message: 'Wrong login or password' });
        expect(res.body.accessToken).toBeUndefined();
      }
    });

    it('rejects a malformed body with field details', async () => {
      const res = await t.http().post('/api/auth/login').send({ login: 42 });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['login', 'password']));
    });

    it(`throttles after ${LOGIN_ATTEMPTS} attempts per account and IP, other logins unaffected`, async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      const name = (await t.http().get('/api/auth/me').set(staff.auth)).body.username;
      for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
        const res = await t.http().post('/api/auth/login').send({ login: name, password: 'wrong-password' });
        expect(res.status).toBe(401);
      }
      const blocked = await t.http().post('/api/auth/login').send({ login: name, password: STAFF_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ error: 'TOO_MANY_REQUESTS', details: { retryAfter: expect.any(Number) } });
      expect(Number(blocked.headers['retry-after'])).toBe(blocked.body.details.retryAfter);
      const other = await t.http().post('/api/auth/login').send({ login: 'admin', password: ADMIN_PASSWORD });
      expect(other.status).toBe(200);
    });

    it('counts parallel guesses before checking them: 100 at once get at most the allowance, then even the right password waits', async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      const name = (await t.http().get('/api/auth/me').set(staff.auth)).body.username;
      const guesses = await Promise.all(
        Array.from({ length: 100 }, (_, i) => t.http().post('/api/auth/login').send({ login: name, password: `guess-number-${i}` })),
      );
      const statuses = guesses.map((res) => res.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_ATTEMPTS);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(100 - LOGIN_ATTEMPTS);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      for (const res of guesses.filter((r) => r.status === 429)) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const right = await t.http().post('/api/auth/login').send({ login: name, password: STAFF_PASSWORD });
      expect(right.status).toBe(429);
    });

    it('counts the username and the e-mail of one account together', async () => {
      const staff = await makeStaff(t, admin, 'trainer');
      const me = (await t.http().get('/api/auth/me').set(staff.auth)).body;
      for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
        const loginName = i % 2 === 0 ? me.username : me.email.toUpperCase();
        expect((await t.http().post('/api/auth/login').send({ login: loginName, password: 'wrong-password' })).status).toBe(401);
      }
      for (const loginName of [me.username, me.email]) {
        expect((await t.http().post('/api/auth/login').send({ login: loginName, password: STAFF_PASSWORD })).status).toBe(429);
      }
    });

    it('slows guesses at one account from many addresses with growing, bounded delays; a success clears them', async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      const throttle = t.app.get(LoginThrottle);
      const account = `user:${staff.userId}`;
      // Every attempt from a fresh address: the per-address limit never applies.
      let n = 0;
      const attempt = () => throttle.reserveLogin(`198.51.100.${n++}`, account);
      for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) await attempt();
      await attempt(); // the first beyond the free ones goes through and closes the gate for 1 s
      await expect(attempt()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfter: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await attempt(); // then 2 s
      const refused = await attempt().catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfter: 2 } });
      // Concurrent attempts at an open gate: exactly one goes through.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const concurrent = await Promise.allSettled(Array.from({ length: 10 }, attempt));
      expect(concurrent.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // Never a lockout for good: the delay stops growing.
      expect(accountDelaySeconds(1)).toBe(1);
      expect(accountDelaySeconds(10_000)).toBe(ACCOUNT_MAX_DELAY_SECONDS);
      await throttle.loginSucceeded('203.0.113.1', account);
      await attempt();
    });
  });

  describe('GET /auth/me', () => {
    it('returns the caller without any password hash', async () => {
      const res = await t.http().get('/api/auth/me').set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: admin.userId, username: 'admin', email: 'admin@fablab.test', role: 'admin', active: true });
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
    });

    it('refuses a missing, malformed or expired token with 401 UNAUTHENTICATED', async () => {
      const expired = await t.app.get(JwtService).signAsync({ sub: admin.userId, role: 'admin' }, { expiresIn: -10 });
      const forged = admin.accessToken.slice(0, -4) + 'AAAA';
      for (const header of [undefined, 'Bearer nonsense', `Bearer ${expired}`, `Bearer ${forged}`, `Basic ${admin.accessToken}`]) {
        const req = t.http().get('/api/auth/me');
        const res = header ? await req.set('Authorization', header) : await req;
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses a token it accepted before once that token has expired (a checked signature is not trusted past its expiry)', async () => {
      const session = await loginAdmin(t);
      expect((await t.http().get('/api/auth/me').set(session.auth)).status).toBe(200);
      // Only the date moves: 16 minutes on, past the token's 15.
      jest.useFakeTimers({
        now: Date.now() + 16 * 60_000,
        doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
      });
      try {
        const res = await t.http().get('/api/auth/me').set(session.auth);
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('UNAUTHENTICATED');
      } finally {
        jest.useRealTimers();
      }
    });
  });

  describe('refresh tokens', () => {
    it('rotates: a refresh gives a new pair and the new access token works', async () => {
      const session = await loginAdmin(t);
      const res = await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).not.toBe(session.refreshToken);
      const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
    });

    it('a reused refresh token is refused and revokes its whole family', async () => {
      const session = await loginAdmin(t);
      const first = await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
      expect(first.status).toBe(200);
      const reuse = await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.error).toBe('UNAUTHENTICATED');
      // The token issued by the legitimate rotation dies with its family.
      const next = await t.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken });
      expect(next.status).toBe(401);
      // Another login of the same user (another family) is untouched.
      const other = await t.http().post('/api/auth/refresh').send({ refreshToken: admin.refreshToken });
      expect(other.status).toBe(200);
      admin = { ...admin, refreshToken: other.body.refreshToken };
    });

    it('of two concurrent uses of one token, at most one succeeds', async () => {
      const session = await loginAdmin(t);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken })),
      );
      expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(5);
    });

    it('refuses unknown and malformed refresh tokens', async () => {
      const unknown = await t.http().post('/api/auth/refresh').send({ refreshToken: '00000000-0000-4000-8000-000000000000.abcdef' });
      expect(unknown.status).toBe(401);
      const tampered = await t.http().post('/api/auth/refresh').send({ refreshToken: `${admin.refreshToken}x` });
      expect(tampered.status).toBe(401);
      const invalid = await t.http().post('/api/auth/refresh').send({});
      expect(invalid.status).toBe(400);
    });
  });

  describe('POST /auth/logout', () => {
    it('ends the session: its refresh token no longer works', async () => {
      const session = await loginAdmin(t);
      const res = await t.http().post('/api/auth/logout').set(session.auth).send({ refreshToken: session.refreshToken });
      expect(res.status).toBe(204);
      const refresh = await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
      expect(refresh.status).toBe(401);
    });

    it('refuses the access token of the ended session at once; other sessions go on', async () => {
      const ended = await loginAdmin(t);
      const other = await loginAdmin(t);
      await t.http().post('/api/auth/logout').set(ended.auth).send({ refreshToken: ended.refreshToken }).expect(204);
      const me = await t.http().get('/api/auth/me').set(ended.auth);
      expect(me.status).toBe(401);
      expect(me.body.error).toBe('UNAUTHENTICATED');
      expect((await t.http().get('/api/auth/me').set(other.auth)).status).toBe(200);
    });

    it('a refresh token reused by a thief ends the access tokens of its family too', async () => {
      const session = await loginAdmin(t);
      const rotated = await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
      await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`);
      expect(me.status).toBe(401);
    });

    it('requires authentication', async () => {
      const res = await t.http().post('/api/auth/logout').send({ refreshToken: admin.refreshToken });
      expect(res.status).toBe(401);
    });

    it("cannot end someone else's session", async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      const victim = await loginAdmin(t);
      await t.http().post('/api/auth/logout').set(staff.auth).send({ refreshToken: victim.refreshToken }).expect(204);
      const refresh = await t.http().post('/api/auth/refresh').send({ refreshToken: victim.refreshToken });
      expect(refresh.status).toBe(200);
    });
  });

  describe('account changes end sessions', () => {
    it('a deactivated user is refused at once, even with a valid access token', async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      await t.http().delete(`/api/users/${staff.userId}`).set(admin.auth).expect(200);
      const me = await t.http().get('/api/auth/me').set(staff.auth);
      expect(me.status).toBe(401);
      const refresh = await t.http().post('/api/auth/refresh').send({ refreshToken: staff.refreshToken });
      expect(refresh.status).toBe(401);
      const me2 = await t.http().get(`/api/users/${staff.userId}`).set(admin.auth);
      const relogin = await t.http().post('/api/auth/login').send({ login: me2.body.username, password: STAFF_PASSWORD });
      expect(relogin.status).toBe(401);
    });

    it('a deactivated then reactivated user does not get the old sessions back', async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      await t.http().delete(`/api/users/${staff.userId}`).set(admin.auth).expect(200);
      await t.http().patch(`/api/users/${staff.userId}`).set(admin.auth).send({ active: true }).expect(200);
      expect((await t.http().get('/api/auth/me').set(staff.auth)).status).toBe(401);
    });

    it('a password change by an admin kills older refresh and access tokens; the new password works', async () => {
      const staff = await makeStaff(t, admin, 'trainer');
      const newPassword = 'a-brand-new-password';
      await t.http().patch(`/api/users/${staff.userId}`).set(admin.auth).send({ password: newPassword }).expect(200);
      const refresh = await t.http().post('/api/auth/refresh').send({ refreshToken: staff.refreshToken });
      expect(refresh.status).toBe(401);
      expect((await t.http().get('/api/auth/me').set(staff.auth)).status).toBe(401);
      const username = (await t.http().get(`/api/users/${staff.userId}`).set(admin.auth)).body.username;
      await login(t, username, newPassword);
    });
  });

  describe('many requests at once', () => {
    /** Tokens in every state, with the caller each one stands for as the database has them (null: refused). */
    let cases: Array<{ token: string; expected: AuthUser | null }>;
    const isSessionCheck = (sql: string) => sql.includes('refresh_tokens r');

    /** The caller as the users table has them, with the token's session. */
    const caller = async (token: string): Promise<AuthUser> => {
      const { sub, sid } = t.app.get(JwtService).decode(token) as { sub: string; sid: string };
      const [row] = await rows<{ id: string; role: AuthUser['role']; display_name: string; partner_id: string | null; participant_id: string | null }>(
        t,
        'SELECT id, role, display_name, partner_id, participant_id FROM users WHERE id = $1',
        [sub],
      );
      return { id: row.id, role: row.role, displayName: row.display_name, partnerId: row.partner_id, participantId: row.participant_id, sessionId: sid };
    };

    /** Asks for every token in the same turn of the event loop, their signatures checked before: the statements sent, and the answers. */
    const authenticateAtOnce = async (tokens: string[]) => {
      const auth = t.app.get(AuthService);
      for (const token of tokens) await auth.verifyAccessToken(token);
      const raw = t.app.get(RawReader);
      const read = raw.rows.bind(raw);
      const statements: unknown[][] = [];
      const spy = jest.spyOn(raw, 'rows').mockImplementation((sql, parameters, options) => {
        if (isSessionCheck(sql)) statements.push([sql, parameters]);
        return read(sql, parameters, options);
      });
      try {
        return { users: await Promise.all(tokens.map((token) => auth.authenticate(token))), statements };
      } finally {
        spy.mockRestore();
      }
    };

    beforeAll(async () => {
      const jwt = t.app.get(JwtService);
      const live = await makeStaff(t, admin, 'facilitator');
      const username = (await t.http().get('/api/auth/me').set(live.auth)).body.username as string;
      const liveAgain = await login(t, username, STAFF_PASSWORD);
      const ended = await login(t, username, STAFF_PASSWORD);
      await t.http().post('/api/auth/logout').set(ended.auth).send({ refreshToken: ended.refreshToken }).expect(204);
      const trainer = await makeStaff(t, admin, 'trainer');
      const deactivated = await makeStaff(t, admin, 'facilitator');
      await t.http().delete(`/api/users/${deactivated.userId}`).set(admin.auth).expect(200);
      // Inactive with its session still open (a deactivation also ends the sessions: this one did not).
      const inactive = await makeStaff(t, admin, 'facilitator');
      await rows(t, 'UPDATE users SET active = $1 WHERE id = $2', [t.dataSource.options.type === 'postgres' ? false : 0, inactive.userId]);
      const sid = (token: string) => (jwt.decode(token) as { sid: string }).sid;
      // Signed with the server's key: an admin's id with someone else's ended session, and an id nobody has.
      const forged = await jwt.signAsync({ sub: admin.userId, role: 'admin', sid: sid(ended.accessToken) }, { expiresIn: 60 });
      const unknown = await jwt.signAsync({ sub: randomUUID(), role: 'admin', sid: sid(admin.accessToken) }, { expiresIn: 60 });
      cases = [
        { token: live.accessToken, expected: await caller(live.accessToken) },
        { token: liveAgain.accessToken, expected: await caller(liveAgain.accessToken) },
        { token: ended.accessToken, expected: null },
        { token: trainer.accessToken, expected: await caller(trainer.accessToken) },
        { token: deactivated.accessToken, expected: null },
        { token: inactive.accessToken, expected: null },
        { token: admin.accessToken, expected: await caller(admin.accessToken) },
        { token: forged, expected: null },
        { token: unknown, expected: null },
      ];
      expect(cases[3].expected?.partnerId).toEqual(expect.any(String));
    });

    it('checks the sessions asked for in one turn with one statement, each answered with its own caller', async () => {
      const asked = Array.from({ length: 100 }, (_, i) => cases[(i * 4) % cases.length]);
      const { users, statements } = await authenticateAtOnce(asked.map(({ token }) => token));
      expect(statements).toHaveLength(1);
      expect(users).toEqual(asked.map(({ expected }) => expected));
    });

    it("checks a session with one probe of the revoked families' index, however many tokens its family has", async () => {
      // Two sessions of thirty days of refreshes (2,000 tokens each): one going on, one revoked.
      const postgres = t.dataSource.options.type === 'postgres';
      const family = postgres
        ? `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, revoked_at)
            SELECT CAST(gen_random_uuid() AS varchar), $1, $2, md5(i::text) || md5(i::text), now() + interval '30 days', CASE WHEN $3 THEN now() END
              FROM generate_series(1, 2000) AS i`
        : `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, revoked_at)
            SELECT lower(hex(randomblob(16))), $1, $2, lower(hex(randomblob(32))), strftime('%Y-%m-%d %H:%M:%f', 'now', '+30 days'),
                   CASE WHEN $3 THEN strftime('%Y-%m-%d %H:%M:%f', 'now') END
              FROM n`;
      const goingOn = randomUUID();
      const revoked = randomUUID();
      await rows(t, family, [admin.userId, goingOn, postgres ? false : 0]);
      await rows(t, family, [admin.userId, revoked, postgres ? true : 1]);
      const jwt = t.app.get(JwtService);
      const tokenOf = (sid: string) => jwt.signAsync({ sub: admin.userId, role: 'admin', sid }, { expiresIn: 60 });

      const { users, statements } = await authenticateAtOnce([await tokenOf(goingOn), await tokenOf(revoked)]);
      expect(users).toEqual([{ ...(await caller(admin.accessToken)), sessionId: goingOn }, null]);
      const [sql, parameters] = statements[0] as [string, Record<string, unknown>];
      const plan = await t.app.get(RawReader).rows(`${postgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${sql}`, parameters);
      expect(JSON.stringify(plan)).toContain('IDX_refresh_tokens_revoked_family');
    });

    it('splits a turn of more than 100 accounts into statements of 100, each question answered', async () => {
      const jwt = t.app.get(JwtService);
      const strangers = await Promise.all(
        Array.from({ length: 150 }, () => jwt.signAsync({ sub: randomUUID(), role: 'facilitator', sid: randomUUID() }, { expiresIn: 60 })),
      );
      // The real callers come after the first 100 accounts, and among them.
      const asked = [...strangers.map((token) => ({ token, expected: null })), ...cases, ...cases.slice(0, 4)];
      const { users, statements } = await authenticateAtOnce(asked.map(({ token }) => token));
      expect(statements).toHaveLength(2);
      expect(users).toEqual(asked.map(({ expected }) => expected));
    });

    it('answers each of 100 simultaneous requests with its own caller, live, ended, deactivated, inactive, unknown and forged sessions mixed', async () => {
      const sent = Array.from({ length: 100 }, (_, i) => cases[(i * 5) % cases.length]);
      const answers = await Promise.all(sent.map(({ token }) => t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`)));
      const seen = answers.map((res) => (res.status === 200 ? { id: res.body.id, role: res.body.role, displayName: res.body.displayName } : `${res.status} ${res.body.error}`));
      expect(seen).toEqual(sent.map(({ expected }) => (expected ? { id: expected.id, role: expected.role, displayName: expected.displayName } : '401 UNAUTHENTICATED')));
    });

    it('fails every check of a turn whose statement fails, a request with a 500 in the contract\'s shape, and the next turn checks afresh', async () => {
      const raw = t.app.get(RawReader);
      const auth = t.app.get(AuthService);
      const read = raw.rows.bind(raw);
      const failing = () =>
        jest.spyOn(raw, 'rows').mockImplementation((sql, parameters, options) => (isSessionCheck(sql) ? Promise.reject(new Error('connection lost')) : read(sql, parameters, options)));
      let spy = failing();
      const both = await Promise.allSettled([auth.authenticate(admin.accessToken), auth.authenticate(cases[3].token)]);
      spy.mockRestore();
      expect(both.map((result) => result.status)).toEqual(['rejected', 'rejected']);

      spy = failing();
      const res = await t.http().get('/api/auth/me').set(admin.auth);
      spy.mockRestore();
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ statusCode: 500, error: 'INTERNAL' });
      expect(JSON.stringify(res.body)).not.toContain('connection lost');
      expect((await t.http().get('/api/auth/me').set(admin.auth)).status).toBe(200);
    });

    it('refuses, without asking the database, a signed token whose claims are no ids this server makes', async () => {
      const jwt = t.app.get(JwtService);
      const odd = await Promise.all(
        [
          { sub: admin.userId, sid: 'x\u0000y' },
          { sub: admin.userId.toUpperCase(), sid: (jwt.decode(admin.accessToken) as { sid: string }).sid },
          { sub: 42, sid: randomUUID() },
        ].map((claims) => jwt.signAsync({ ...claims, role: 'admin' }, { expiresIn: 60 })),
      );
      const { users, statements } = await authenticateAtOnce(odd);
      expect(users).toEqual([null, null, null]);
      expect(statements).toHaveLength(0);
    });
  });

  describe('POST /auth/password', () => {
    it("changes the caller's own password: this session goes on, every other one ends at once", async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      const username = (await t.http().get('/api/auth/me').set(staff.auth)).body.username;
      const other = await login(t, username, STAFF_PASSWORD);
      const res = await t.http().post('/api/auth/password').set(staff.auth).send({ currentPassword: STAFF_PASSWORD, newPassword: 'my-own-new-password' });
      expect(res.status).toBe(204);
      expect((await t.http().get('/api/auth/me').set(staff.auth)).status).toBe(200);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: staff.refreshToken })).status).toBe(200);
      expect((await t.http().get('/api/auth/me').set(other.auth)).status).toBe(401);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(401);
      expect((await t.http().post('/api/auth/login').send({ login: username, password: STAFF_PASSWORD })).status).toBe(401);
      await login(t, username, 'my-own-new-password');
    });

    it('refuses a wrong current password, a short new one, and anonymous callers', async () => {
      const staff = await makeStaff(t, admin, 'trainer');
      const wrong = await t.http().post('/api/auth/password').set(staff.auth).send({ currentPassword: 'not-my-password', newPassword: 'another-long-password' });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: 'INVALID_CREDENTIALS', details: { field: 'currentPassword' } });
      const short = await t.http().post('/api/auth/password').set(staff.auth).send({ currentPassword: STAFF_PASSWORD, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.details).toEqual([expect.objectContaining({ field: 'newPassword' })]);
      const anonymous = await t.http().post('/api/auth/password').send({ currentPassword: STAFF_PASSWORD, newPassword: 'another-long-password' });
      expect(anonymous.status).toBe(401);
      // The old password still works: nothing changed.
      expect((await t.http().get('/api/auth/me').set(staff.auth)).status).toBe(200);
    });

    it('counts wrong current passwords like failed logins (a stolen access token is no password oracle)', async () => {
      const staff = await makeStaff(t, admin, 'facilitator');
      const statuses = [];
      for (let i = 0; i < LOGIN_ATTEMPTS + 1; i++) {
        statuses.push((await t.http().post('/api/auth/password').set(staff.auth).send({ currentPassword: `guess-${i}-wrong`, newPassword: 'another-long-password' })).status);
      }
      expect(statuses.slice(0, LOGIN_ATTEMPTS).every((s) => s === 401)).toBe(true);
      expect(statuses[LOGIN_ATTEMPTS]).toBe(429);
    });
  });

  it('refuses an access token without a session (issued before sessions were checked)', async () => {
    const jwt = t.app.get(JwtService);
    const legacy = await jwt.signAsync({ sub: admin.userId, role: 'admin' }, { expiresIn: 60 });
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${legacy}`)).status).toBe(401);
  });
});
