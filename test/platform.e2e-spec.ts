import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Controller, Get, Logger, Module, Post } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { Public, Roles } from '../src/common/auth/decorators.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { Partner } from '../src/partners/partner.entity.js';
import { makeStaff } from './factories/users.js';
import { login, loginAdmin, type Session } from './helpers/auth.js';
import { makeRawLearner } from './helpers/learner.js';
import { ADMIN_PASSWORD, createTestApp, createTestDatabase, onPostgres, type TestApp } from './helpers/test-app.js';

@Controller('test-only')
class FailingController {
  @Get('boom')
  @Public()
  boom(): never {
    throw new Error('SELECT password_hash FROM users WHERE secret');
  }

  @Get('sql')
  @Public()
  sql(): never {
    throw new QueryFailedError('SELECT * FROM users', [], new Error('syntax error near secret'));
  }

  @Get('undeclared')
  undeclared() {
    return { leaked: true };
  }

  @Post('admin-only')
  @Roles('admin')
  adminOnly() {
    return { ok: true };
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

const expectErrorShape = (body: Record<string, unknown>, status: number, code: string) => {
  expect(body).toEqual({
    statusCode: status,
    error: code,
    message: expect.any(String),
    requestId: expect.any(String),
    ...(body.details !== undefined ? { details: body.details } : {}),
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+|SELECT|password_hash|stack/);
};

describe('platform: errors, request ids, docs, health', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [FailingModule] });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('every error has the one shape, for 400, 401, 403, 404, 409 and 500', async () => {
    const learner = await makeRawLearner(t, 'learner.platform');
    await t.http().post('/api/partners').set(admin.auth).send({ name: 'Dup', kind: 'school' }).expect(201);
    const cases: Array<[Promise<{ status: number; body: Record<string, unknown> }>, number, string]> = [
      [t.http().post('/api/partners').set(admin.auth).send({ name: 'x' }), 400, 'VALIDATION_FAILED'],
      [t.http().get('/api/partners'), 401, 'UNAUTHENTICATED'],
      [t.http().post('/api/auth/login').send({ login: 'admin', password: 'wrong-password' }), 401, 'INVALID_CREDENTIALS'],
      [t.http().get('/api/partners').set(learner.auth), 403, 'FORBIDDEN'],
      [t.http().get('/api/no-such-route'), 404, 'NOT_FOUND'],
      [t.http().get(`/api/partners/${randomUUID()}`).set(admin.auth), 404, 'NOT_FOUND'],
      [t.http().post('/api/partners').set(admin.auth).send({ name: 'DUP', kind: 'school' }), 409, 'CONFLICT'],
      [t.http().get('/api/test-only/boom'), 500, 'INTERNAL'],
      [t.http().get('/api/test-only/sql'), 500, 'INTERNAL'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect({ status: res.status, code: res.body.error }).toEqual({ status, code });
      expectErrorShape(res.body, status, code);
    }
  });

  it('a validation error lists each bad field', async () => {
    const res = await t.http().post('/api/partners').set(admin.auth).send({ name: 3, kind: 'nope', extra: 1 });
    expect(res.status).toBe(400);
    const fields = new Set(res.body.details.map((d: { field: string }) => d.field));
    expect(fields).toEqual(new Set(['name', 'kind', 'extra']));
  });

  it('a 500 says nothing of the cause and is logged with its request id', async () => {
    const spy = jest.spyOn(Logger.prototype, 'error');
    const res = await t.http().get('/api/test-only/boom').set('x-request-id', 'req-test-500-abc');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'INTERNAL', message: 'Internal error', requestId: 'req-test-500-abc' });
    const logged = spy.mock.calls.map((call) => JSON.stringify(call[0]));
    expect(logged.some((entry) => entry.includes('req-test-500-abc') && entry.includes('SELECT password_hash'))).toBe(true);
    spy.mockRestore();
  });

  it('a route that declares no access rule is closed to everyone (deny by default)', async () => {
    const res = await t.http().get('/api/test-only/undeclared').set(admin.auth);
    expect(res.status).toBe(403);
    expect(res.body.leaked).toBeUndefined();
  });

  it('guards run before validation: a refused caller learns nothing about the body', async () => {
    const facilitator = await makeStaff(t, admin, 'facilitator');
    const res = await t.http().post('/api/test-only/admin-only').set(facilitator.auth).send({ anything: true });
    expect(res.status).toBe(403);
  });

  it('every response carries x-request-id; a sane incoming one is kept, a hostile one replaced', async () => {
    const ok = await t.http().get('/api/health/live');
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.http().get('/api/health/live').set('x-request-id', 'gateway-id-12345');
    expect(kept.headers['x-request-id']).toBe('gateway-id-12345');
    const replaced = await t.http().get('/api/nowhere').set('x-request-id', 'bad id <script> with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.body.requestId).toBe(replaced.headers['x-request-id']);
  });

  it('serves OpenAPI: the UI at /api/docs and the JSON at /api/docs-json', async () => {
    const ui = await t.http().get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const json = await t.http().get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/me', '/api/users', '/api/partners/{id}', '/api/health']),
    );
  });

  it('sets security headers (helmet)', async () => {
    const res = await t.http().get('/api/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('health reports database, Redis and queues; liveness always answers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up' } },
    });
    expect((await t.http().get('/api/health/live')).body).toEqual({ status: 'ok' });
  });

  it('serialises concurrent top-level transactions (SQLite shares one connection)', async () => {
    const runner = t.app.get(TransactionRunner);
    const names = Array.from({ length: 20 }, (_, i) => `Concurrent partner ${i}`);
    await Promise.all(
      names.map((name) =>
        runner.run(async () => {
          const repo = runner.manager.getRepository(Partner);
          await repo.insert(repo.create({ name, nameKey: name.toLowerCase(), kind: 'association', active: true }));
          await new Promise((resolve) => setTimeout(resolve, 2));
          return repo.countBy({ kind: 'association' });
        }),
      ),
    );
    const count = await t.dataSource.getRepository(Partner).countBy({ kind: 'association' });
    expect(count).toBeGreaterThanOrEqual(20);
  });

  it('rolls a failed transaction back and runs after-commit hooks only on commit', async () => {
    const runner = t.app.get(TransactionRunner);
    const hooks: string[] = [];
    await expect(
      runner.run(async () => {
        const repo = runner.manager.getRepository(Partner);
        await repo.insert(repo.create({ name: 'Rolled back', nameKey: 'rolled back', kind: 'school', active: true }));
        await runner.afterCommit(() => void hooks.push('rolled back'));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await runner.run(async () => {
      const repo = runner.manager.getRepository(Partner);
      await repo.insert(repo.create({ name: 'Committed', nameKey: 'committed', kind: 'school', active: true }));
      await runner.afterCommit(() => void hooks.push('committed'));
    });
    expect(hooks).toEqual(['committed']);
    const repo = t.dataSource.getRepository(Partner);
    expect(await repo.existsBy({ nameKey: 'rolled back' })).toBe(false);
    expect(await repo.existsBy({ nameKey: 'committed' })).toBe(true);
  });
});

describe('platform: Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6399' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the API still starts and serves; health answers 503 naming Redis and the queues', async () => {
    const admin = await loginAdmin(t);
    await t.http().post('/api/partners').set(admin.auth).send({ name: 'Still works', kind: 'school' }).expect(201);
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'error',
      checks: { database: { status: 'up' }, redis: { status: 'down' }, queues: { status: 'down' } },
    });
  });
});

describe('platform: persistence across restarts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fablab-restart-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a restart on the same database keeps the data and does not recreate the admin', async () => {
    const database = await createTestDatabase(`sqlite:${join(dir, 'fablab.sqlite')}`);
    const first = await createTestApp({ DATABASE_URL: database.url });
    const admin = await loginAdmin(first);
    await first.http().post('/api/partners').set(admin.auth).send({ name: 'Survivor', kind: 'public' }).expect(201);
    await first.close({ keepDatabase: true });

    const second = await createTestApp({ DATABASE_URL: database.url, ADMIN_PASSWORD: 'another-password-9' });
    try {
      const again = await login(second, 'admin', ADMIN_PASSWORD);
      const partners = await second.http().get('/api/partners').set(again.auth);
      expect(partners.body.items.map((p: { name: string }) => p.name)).toEqual(['Survivor']);
      const admins = await second.http().get('/api/users?role=admin').set(again.auth);
      expect(admins.body.total).toBe(1);
    } finally {
      await second.close();
      await database.drop();
    }
    if (!onPostgres()) expect(existsSync(join(dir, 'fablab.sqlite'))).toBe(true);
  });

  it('instances starting together on one empty database migrate once and both serve', async () => {
    const database = await createTestDatabase(`sqlite:${join(dir, 'together.sqlite')}`);
    const [a, b] = await Promise.all([
      createTestApp({ DATABASE_URL: database.url }),
      createTestApp({ DATABASE_URL: database.url }),
    ]);
    try {
      const admin = await loginAdmin(a);
      await b.http().get('/api/partners').set(admin.auth).expect(200);
      const admins = await a.http().get('/api/users?role=admin').set(admin.auth);
      expect(admins.body.total).toBe(1);
      const migrations = await a.dataSource.query('SELECT COUNT(*) AS n FROM migrations');
      expect(Number(migrations[0].n)).toBe(a.dataSource.migrations.length);
    } finally {
      await a.close({ keepDatabase: true });
      await b.close({ keepDatabase: true });
      await database.drop();
    }
  });

  it('without JWT_SECRET a secret is generated once under DATA_DIR and survives a restart', async () => {
    const dataDir = join(dir, 'data');
    const database = await createTestDatabase(`sqlite:${join(dataDir, 'fablab.sqlite')}`);
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, JWT_SECRET: '' };
    const first = await createTestApp(env);
    const session = await loginAdmin(first);
    await first.close({ keepDatabase: true });
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const second = await createTestApp(env);
    try {
      expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
      const me = await second.http().get('/api/auth/me').set(session.auth);
      expect(me.status).toBe(200);
    } finally {
      await second.close();
      await database.drop();
    }
  });

  it('without ADMIN_PASSWORD the first admin gets a generated password, printed once', async () => {
    const database = await createTestDatabase(`sqlite:${join(dir, 'generated.sqlite')}`);
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    let first: TestApp | undefined;
    try {
      first = await createTestApp({ DATABASE_URL: database.url, ADMIN_PASSWORD: '', ADMIN_EMAIL: '' });
    } finally {
      spy.mockRestore();
    }
    const printed = writes.join('').match(/Password: (\S+)/);
    expect(printed).not.toBeNull();
    await login(first, 'admin', printed![1]);
    await first.close({ keepDatabase: true });

    const again: string[] = [];
    const spy2 = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      again.push(String(chunk));
      return true;
    });
    let second: TestApp | undefined;
    try {
      second = await createTestApp({ DATABASE_URL: database.url, ADMIN_PASSWORD: '', ADMIN_EMAIL: '' });
    } finally {
      spy2.mockRestore();
    }
    expect(again.join('')).not.toMatch(/Password:/);
    await second!.close();
    await database.drop();
  });
});
