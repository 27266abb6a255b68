import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { openApiCoverage } from '../src/common/openapi/openapi-coverage.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Operation = {
  operationId: string;
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};
type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
};
type Document = {
  components: { schemas: Record<string, Schema> };
  servers?: { url: string }[];
  info: { license?: { name: string } };
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
};

/** The class-validator rules of every DTO class loaded (the app's, since AppModule is imported). */
type Rule = { propertyName: string; name?: string; type: string; each?: boolean };
const validatedClasses = (): Map<abstract new () => unknown, Rule[]> =>
  (getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new () => unknown, Rule[]> }).validationMetadatas;

/** What a property's schema must say given one of its class-validator rules; undefined when the rule says nothing of the type. */
function typeProblem(rule: { name?: string; type: string; each?: boolean }, schema: Schema, schemas: Record<string, Schema>): string | undefined {
  const target = rule.each && schema.type === 'array' ? (schema.items ?? {}) : schema;
  const resolved = target.$ref ? schemas[target.$ref.split('/').pop()!] : target;
  switch (rule.type === 'nestedValidation' ? 'nested' : rule.name) {
    case 'isInt':
      return target.type === 'integer' ? undefined : `integer expected, got ${target.type}`;
    case 'isNumber':
      return target.type === 'number' || target.type === 'integer' ? undefined : `number expected, got ${target.type}`;
    case 'isBoolean':
      return target.type === 'boolean' ? undefined : `boolean expected, got ${target.type}`;
    case 'isIn':
    case 'isEnum':
      return resolved?.enum ? undefined : 'enum expected';
    case 'isString':
    case 'isISO8601':
    case 'isUUID':
    case 'isEmail':
    case 'isUrl':
      return target.type === 'string' ? undefined : `string expected, got ${target.type}`;
    case 'isArray':
      return schema.type === 'array' && schema.items ? undefined : 'array with items expected';
    case 'nested':
      return resolved?.properties || target.allOf?.some((part) => part.$ref) ? undefined : 'a nested object schema expected';
    default:
      return undefined;
  }
}

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

  it('says that every 429 carries Retry-After', () => {
    const throttled = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>)
        .filter(([, operation]) => operation.responses?.['429'])
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, response: operation.responses['429'] as { headers?: Record<string, unknown> } })),
    );
    expect(throttled.map(({ route }) => route)).toEqual(expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/activate']));
    for (const { response } of throttled) {
      expect(response.headers?.['Retry-After']).toMatchObject({ schema: { type: 'integer', minimum: 1 } });
    }
  });

  it('types every body property as its validation rules do (integers, booleans, enums, nested objects, arrays)', () => {
    const problems: string[] = [];
    const schemas = document.components.schemas;
    for (const [target, rules] of validatedClasses()) {
      const schema = schemas[target.name];
      if (!schema?.properties) continue;
      for (const rule of rules) {
        const property = schema.properties[rule.propertyName];
        if (!property) {
          problems.push(`${target.name}.${rule.propertyName}: not in the document`);
          continue;
        }
        const problem = typeProblem(rule, property, schemas);
        if (problem) problems.push(`${target.name}.${rule.propertyName}: ${problem}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('gives every property and parameter a concrete type: no bare object, no reference to an empty schema', () => {
    const problems: string[] = [];
    const vague = (schema: Schema): boolean =>
      (!schema.type && !schema.$ref && !schema.allOf && !schema.anyOf && !schema.enum) ||
      (schema.type === 'object' && !schema.properties && !schema.allOf && schema.additionalProperties === undefined) ||
      (schema.type === 'array' && (!schema.items || vague(schema.items))) ||
      (schema.allOf ?? []).some((part) => part.$ref === '#/components/schemas/Object');
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (property === 'details' && ['ErrorBody', 'OccurrenceErrorView'].includes(name)) continue; // any JSON value, by contract
        if (vague(value)) problems.push(`${name}.${property}`);
      }
    }
    for (const { name, operation } of operations(document)) {
      for (const parameter of operation.parameters ?? []) if (vague(parameter.schema ?? {})) problems.push(`${name} ?${parameter.name}`);
    }
    expect(document.components.schemas.Object).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('types every query parameter as its validation rules do', () => {
    const rulesByName = new Map<string, { name?: string; type: string; each?: boolean }[]>();
    for (const [target, rules] of validatedClasses()) {
      if (!target.name.endsWith('Query')) continue;
      for (const rule of rules) rulesByName.set(rule.propertyName, [...(rulesByName.get(rule.propertyName) ?? []), rule]);
    }
    const problems: string[] = [];
    for (const { name, operation } of operations(document)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        for (const rule of rulesByName.get(parameter.name) ?? []) {
          const problem = typeProblem(rule, parameter.schema as Schema, document.components.schemas);
          if (problem) problems.push(`${name} ?${parameter.name}: ${problem}`);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('gives every operation a summary and its success response schema', () => {
    const coverage = openApiCoverage(document as never);
    expect({ missingSummary: coverage.missingSummary, missingSuccessSchema: coverage.missingSuccessSchema }).toEqual({
      missingSummary: [],
      missingSuccessSchema: [],
    });
    expect(coverage.operations).toBeGreaterThanOrEqual(90);
  });

  it('keeps an operation id when its route moves to another controller, and shared enums free of one property’s description', () => {
    // Generated clients name their methods after operation ids: the GDPR export (now served by the
    // gdpr module) keeps the one it had under ParticipantsController.
    expect(document.paths['/participants/{id}/export']?.get?.operationId ?? document.paths['/api/participants/{id}/export']?.get?.operationId).toBe(
      'ParticipantsController_export',
    );
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    expect(ids.length).toBe(new Set(ids).size);
    expect((document.components.schemas.MachineStatus as { description?: string }).description).toBeUndefined();
  });

  it('passes `redocly lint` with its recommended rules: no error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      // Exit code 1 when there are errors: read the report either way.
      const { stdout } = await promisify(execFile)(
        join(process.cwd(), 'node_modules/.bin/redocly'),
        ['lint', join(dir, 'openapi.json'), '--format=json'],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      ).catch((error: { stdout: string }) => error);
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string }[] };
      expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
      // The warnings left, explained in the README: allOf around a $ref to keep its description
      // (OpenAPI 3.0 ignores siblings of $ref), health routes without a 4xx. (The exported file
      // adds one more: its http://localhost:3000 server.)
      expect([...new Set(report.problems.map((problem) => problem.ruleId))].sort()).toEqual([
        'no-illogical-composition-keywords',
        'operation-4xx-response',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
