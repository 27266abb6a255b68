import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { DateTime } from 'luxon';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * What an integrator does with the document: generate types with openapi-typescript from the live
 * document, write a small client with openapi-fetch against them, type-check it (and check that a
 * wrong call does not type-check), run it against the app, and check every answer against the
 * schema the document declares for that operation and status (ajv).
 */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const [baseUrl, adminPassword, firstStartsAt] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl });
const calls: { method: string; path: string; status: number; contentType: string | null; body: unknown }[] = [];
function must<T>(method: string, path: string, result: { data?: T; error?: unknown; response: Response }): T {
  calls.push({ method, path, status: result.response.status, contentType: result.response.headers.get('content-type'), body: result.data ?? result.error });
  if (result.data === undefined) throw new Error(method + ' ' + path + ': ' + result.response.status + ' ' + JSON.stringify(result.error));
  return result.data;
}

const session = must('post', '/api/auth/login', await client.POST('/api/auth/login', { body: { login: 'admin', password: adminPassword } }));
const admin = { Authorization: 'Bearer ' + session.accessToken };

const machine = must('post', '/api/machines', await client.POST('/api/machines', {
  headers: admin,
  body: { code: 'TYPED-01', name: 'Découpeuse laser', category: 'laser_cutter', location: 'Atelier bois' },
}));
const where: string | null = machine.location;
const nextPlan: string | null = machine.nextMaintenance?.planId ?? null;

const again = await client.POST('/api/machines', { headers: admin, body: { code: 'TYPED-01', name: 'Encore', category: 'laser_cutter' } });
calls.push({ method: 'post', path: '/api/machines', status: again.response.status, contentType: again.response.headers.get('content-type'), body: again.error });

const page = must('get', '/api/machines', await client.GET('/api/machines', { headers: admin, params: { query: { limit: 1, offset: 0, status: 'available' } } }));
const firstCode: string = page.items[0].code;
const total: number = page.total;

const series = must('post', '/api/bookings/series', await client.POST('/api/bookings/series', {
  headers: admin,
  body: { machineId: machine.id, kind: 'training', title: 'Initiation laser', firstStartsAt, durationMinutes: 60, everyWeeks: 1, count: 3, allOrNothing: true },
}));
const seriesId: string | null = series.seriesId;
const starts: string[] = series.created.map((booking) => booking.startsAt);

const participant = must('post', '/api/participants', await client.POST('/api/participants', {
  headers: admin,
  body: { firstName: 'Camille', lastName: 'Typée', birthYear: 2006, gender: 'female', audience: 'insertion', livesInQpv: true, consent: { dataProcessing: true } },
}));
const account = must('post', '/api/participants/{id}/account', await client.POST('/api/participants/{id}/account', {
  headers: admin,
  params: { path: { id: participant.id } },
}));
const learner = must('post', '/api/auth/activate', await client.POST('/api/auth/activate', {
  body: { code: account.code, username: 'camille.typee', password: 'a-long-password-1' },
}));
const progress = must('get', '/api/me/progress', await client.GET('/api/me/progress', { headers: { Authorization: 'Bearer ' + learner.accessToken } }));
const unread: number = progress.unreadNotifications;

console.log(JSON.stringify({ calls, seen: { where, nextPlan, firstCode, total, seriesId, starts, unread } }));
`;

/** Calls a generated client must refuse: a location that is no string, a limit that is no number, an unknown category. */
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1' });
await client.POST('/api/machines', { body: { code: 'X', name: 'X', category: 'laser_cutter', location: 42 } });
await client.GET('/api/machines', { params: { query: { limit: 'ten' } } });
await client.POST('/api/machines', { body: { code: 'X', name: 'X', category: 'toaster' } });
`;

type Schema = Record<string, unknown>;
type Document = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
};

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};
const diagnosticsOf = (file: string): string[] =>
  ts
    .getPreEmitDiagnostics(ts.createProgram([file], compilerOptions))
    .map((d) => `${d.file ? `${d.file.fileName.split('/').pop()}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);

describe('a typed client generated from the live OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;
  let document: Document;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    baseUrl = baseUrl.replace('[::1]', '127.0.0.1');
    document = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as Document;
    // Inside the repository, so that the client resolves openapi-fetch from node_modules.
    mkdirSync('reports', { recursive: true });
    dir = mkdtempSync(join(process.cwd(), 'reports', 'typed-client-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    // defaultNonNullable off: a property with a default stays optional in request bodies (README).
    writeFileSync(join(dir, 'api.d.ts'), astToString(await openapiTS(document as never, { defaultNonNullable: false })));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('type-checks a client that logs in, creates a machine with a location, pages with limit, books a series and reads /me/progress', () => {
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    expect(diagnosticsOf(join(dir, 'client.ts'))).toEqual([]);
  });

  it('refuses, at compile time, a location that is no string, a limit that is no number and an unknown category', () => {
    writeFileSync(join(dir, 'wrong.ts'), WRONG);
    const lines = diagnosticsOf(join(dir, 'wrong.ts')).map((message) => message.split(':')[1]);
    expect([...new Set(lines)].sort()).toEqual(['6', '7', '8']);
  });

  it('runs against the app, and every answer matches the schema the document declares for it', async () => {
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    const js = ts.transpileModule(CLIENT, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, 'client.js'), js);
    // A Tuesday at 10:00 in the fablab's time zone, at least two days ahead: inside the default opening hours.
    let first = DateTime.now().setZone(t.config.timezone).plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    while (first.weekday !== 2) first = first.plus({ days: 1 });
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'client.js'), baseUrl, ADMIN_PASSWORD, first.toISO()!]);
    const { calls, seen } = JSON.parse(stdout) as {
      calls: { method: string; path: string; status: number; contentType: string | null; body: unknown }[];
      seen: Record<string, unknown>;
    };
    expect(seen).toMatchObject({ where: 'Atelier bois', total: 1, unread: 0, seriesId: expect.any(String) });
    expect(seen.starts).toHaveLength(3);
    expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      'post /api/auth/login 200',
      'post /api/machines 201',
      'post /api/machines 409',
      'get /api/machines 200',
      'post /api/bookings/series 201',
      'post /api/participants 201',
      'post /api/participants/{id}/account 201',
      'post /api/auth/activate 200',
      'get /api/me/progress 200',
    ]);

    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
    ajv.addSchema({ ...document, $id: 'openapi.json' } as Schema);
    const problems: string[] = [];
    for (const call of calls) {
      const responses = document.paths[call.path]?.[call.method]?.responses ?? {};
      const media = call.contentType?.split(';')[0] ?? '';
      const schema = responses[String(call.status)]?.content?.[media]?.schema;
      if (!schema) {
        problems.push(`${call.method} ${call.path} ${call.status} ${media}: no schema declared`);
        continue;
      }
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as Schema);
      if (!validate(call.body)) problems.push(`${call.method} ${call.path} ${call.status}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
  });
});
