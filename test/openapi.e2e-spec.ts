import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Operation = {
  operationId: string;
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};
type Document = {
  servers?: { url: string }[];
  info: { license?: { name: string } };
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
};

const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    document = res.body as Document;
  });
  afterAll(() => t.close());

  it('names the server that served it, and the licence', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) })]);
    expect(document.info.license?.name).toBe('AGPL-3.0-or-later');
  });

  it('requires a bearer token by default and says `security: []` on exactly the public routes', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    const open = operations(document)
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ name }) => name)
      .sort();
    expect(open).toEqual([
      'GET /api/calendar/{token}.ics',
      'GET /api/health',
      'GET /api/health/live',
      'POST /api/auth/activate',
      'POST /api/auth/login',
      'POST /api/auth/refresh',
    ]);
  });

  it('describes errors in the one error shape, with the codes each route can return', () => {
    const login = document.paths['/api/auth/login'].post;
    expect(login.responses['403']).toBeUndefined();
    const errorOf = (operation: Operation, status: string) =>
      (operation.responses[status]?.content?.['application/json']?.schema as { allOf: Record<string, unknown>[] } | undefined)?.allOf;
    expect(errorOf(login, '401')).toEqual([
      { $ref: '#/components/schemas/ErrorBody' },
      expect.objectContaining({ properties: expect.objectContaining({ error: { type: 'string', enum: ['INVALID_CREDENTIALS'] } }) }),
    ]);
    const machine = document.paths['/api/machines/{id}'].patch;
    for (const status of ['400', '401', '403', '404', '413', '500']) expect(errorOf(machine, status)).toBeDefined();
    // Any authenticated user may read a machine: no 403 to document there.
    expect(document.paths['/api/machines/{id}'].get.responses['403']).toBeUndefined();
  });
});
