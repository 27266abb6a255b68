import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Logger, Module } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { Public } from '../src/common/auth/decorators.js';
import { STYLESHEET_PATH } from '../src/web/assets/assets.js';
import { makeMachine } from './factories/machines.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { waitFor } from './helpers/processes.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

@Controller('test-logging')
class LogProbeController {
  private readonly nestLogger = new Logger('LogProbe');

  constructor(private readonly pinoLogger: PinoLogger) {
    pinoLogger.setContext('LogProbe');
  }

  @Get('probe')
  @Public()
  probe(): { ok: true } {
    this.pinoLogger.info('probe through PinoLogger');
    this.nestLogger.log('probe through Logger');
    return { ok: true };
  }
}

@Module({ controllers: [LogProbeController] })
class LogProbeModule {}

type LogLine = { msg?: string; req?: { id?: string; method?: string; path?: string }; res?: { statusCode?: number }; context?: string };

/**
 * The request log: one line per request, whatever answers it (a page, the API, a 404, a body the
 * parser refused, the docs, the queue dashboard), with the same fields as ever; `/api/health*`
 * not at all; and the logs made while a request runs carry its context. nestjs-pino's middlewares
 * are mounted once, at the root (they were mounted by NestJS on one path per web root and page
 * route, 220 router layers, and `GET /` was logged twice).
 */
describe('request log', () => {
  let t: TestApp;
  let admin: Session;
  const lines: LogLine[] = [];
  let restore: () => void = () => undefined;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [LogProbeModule] });
    admin = await loginAdmin(t);
    // The application's one root logger (tests run it silent): at info, its lines read back here.
    const root = PinoLogger.root;
    const stream = (root as unknown as Record<symbol, { write: (chunk: string) => unknown }>)[pino.symbols.streamSym];
    const { write } = stream;
    const level = root.level;
    stream.write = (chunk: string) => {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      return true;
    };
    root.level = 'info';
    restore = () => {
      stream.write = write;
      root.level = level;
    };
  });
  afterAll(async () => {
    restore();
    await t.close();
  });

  const withId = (id: string) => lines.filter((line) => line.req?.id === id);
  const requestLines = (id: string) => withId(id).filter((line) => line.msg === 'request completed' || line.msg === 'request errored');

  it('logs every request exactly once, with its id, method, path (no query) and status', async () => {
    const sample: Array<[string, string, string, (id: string) => PromiseLike<{ status: number }>]> = [
      ['home', 'GET', '/', (id) => t.http().get('/').set('x-request-id', id)],
      ['login-page', 'GET', '/connexion', (id) => t.http().get('/connexion').set('x-request-id', id)],
      ['paths-page', 'GET', '/parcours', (id) => t.http().get('/parcours').set('x-request-id', id)],
      ['activation', 'GET', '/activer', (id) => t.http().get('/activer?code=SECRETCODE1234').set('x-request-id', id)],
      ['api', 'GET', '/api/machines', (id) => t.http().get('/api/machines?q=Dupont').set(admin.auth).set('x-request-id', id)],
      ['api-401', 'GET', '/api/machines', (id) => t.http().get('/api/machines').set('x-request-id', id)],
      ['web-404', 'GET', '/nope', (id) => t.http().get('/nope').set('x-request-id', id)],
      ['api-404', 'GET', '/api/nope', (id) => t.http().get('/api/nope').set('x-request-id', id)],
      ['api-root', 'GET', '/api', (id) => t.http().get('/api').set('x-request-id', id)],
      [
        'form-post',
        'POST',
        '/connexion',
        (id) =>
          t
            .http()
            .post('/connexion')
            .set('Host', '127.0.0.1')
            .set('Origin', 'http://127.0.0.1')
            .type('form')
            .send({ login: 'nobody', password: 'not-a-password' })
            .set('x-request-id', id),
      ],
      ['static', 'GET', STYLESHEET_PATH, (id) => t.http().get(STYLESHEET_PATH).set('x-request-id', id)],
      ['static-404', 'GET', '/static/nope.css', (id) => t.http().get('/static/nope.css').set('x-request-id', id)],
      [
        'bad-json',
        'POST',
        '/api/auth/login',
        (id) => t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"login":').set('x-request-id', id),
      ],
      ['docs', 'GET', '/api/docs-json', (id) => t.http().get('/api/docs-json').set('x-request-id', id)],
      ['dashboard', 'GET', '/api/admin/queues', (id) => t.http().get('/api/admin/queues?token=not-a-token').set('x-request-id', id)],
    ];
    const answered = new Map<string, { name: string; method: string; path: string; status: number }>();
    for (const [name, method, path, send] of sample) {
      const id = `log-${name}-${Math.random().toString(36).slice(2, 10)}`;
      answered.set(id, { name, method, path, status: (await send(id)).status });
    }
    await waitFor(() => [...answered.keys()].every((id) => requestLines(id).length > 0), 2_000, 'a log line for each request').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a second line would be written by now
    const counts = Object.fromEntries([...answered].map(([id, { name }]) => [name, requestLines(id).length]));
    expect(counts).toEqual(Object.fromEntries(sample.map(([name]) => [name, 1])));
    expect([...answered.values()].find(({ name }) => name === 'bad-json')?.status).toBe(400);
    for (const [id, { method, path, status }] of answered) {
      expect({ id, lines: requestLines(id) }).toEqual({
        id,
        lines: [expect.objectContaining({ req: { id, method, path }, res: { statusCode: status } })],
      });
    }
    expect(JSON.stringify(lines)).not.toMatch(/SECRETCODE1234|Dupont|not-a-token|not-a-password/);
  });

  it('does not log /api/health on its own', async () => {
    for (const path of ['/api/health/live', '/api/health']) {
      const id = `log-health-${Math.random().toString(36).slice(2, 10)}`;
      await t.http().get(path).set('x-request-id', id).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(requestLines(id)).toEqual([]);
    }
  });

  it("gives the logs made inside a request the request's context", async () => {
    const probe = `log-probe-${Math.random().toString(36).slice(2, 10)}`;
    await t.http().get('/api/test-logging/probe').set('x-request-id', probe).expect(200);
    const machine = await makeMachine(t, admin);
    const change = `log-status-${Math.random().toString(36).slice(2, 10)}`;
    await t
      .http()
      .post(`/api/machines/${machine.id}/status`)
      .set(admin.auth)
      .set('x-request-id', change)
      .send({ status: 'maintenance', reason: 'test' })
      .expect(200);
    await waitFor(() => requestLines(probe).length > 0 && requestLines(change).length > 0, 5_000, 'the request lines');
    const request = (id: string, path: string) => ({ id, method: expect.any(String), path });
    expect(withId(probe).filter((line) => line.msg?.startsWith('probe through'))).toEqual([
      expect.objectContaining({ msg: 'probe through PinoLogger', context: 'LogProbe', req: request(probe, '/api/test-logging/probe') }),
      expect.objectContaining({ msg: 'probe through Logger', context: 'LogProbe', req: request(probe, '/api/test-logging/probe') }),
    ]);
    expect(withId(change).filter((line) => line.msg === 'machine status changed')).toEqual([
      expect.objectContaining({ context: 'MachinesService', req: request(change, `/api/machines/${machine.id}/status`) }),
    ]);
  });

  it('mounts the request logging once, at the root of the router', () => {
    // Express 5's `app.router`: the logging middlewares are its own layers, one each (NestJS had
    // mounted them, wrapped, on 110 paths). Counting NestJS's wrapped copies would take its internals.
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ name: string; handle: { logger?: unknown } }> } })
      .router.stack;
    expect(stack.filter((layer) => layer.handle.logger === PinoLogger.root)).toHaveLength(1);
    expect(stack.filter((layer) => layer.name === 'bindLoggerMiddleware')).toHaveLength(1);
  });
});
