import { HttpStatus, type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiExtraModels,
  ApiResponse,
  DocumentBuilder,
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';

import { ROLES, type Role } from '../../users/role.js';
import { IS_PUBLIC, ROLES_KEY } from '../auth/decorators.js';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-code.js';
import { API_ERRORS, API_RESULT, type ApiResultSpec } from './api-result.decorator.js';
import { ErrorBodyView } from './error-body.view.js';
import { PageView } from './page.view.js';

/** Where @ApiOperation keeps its options (DECORATORS.API_OPERATION; @nestjs/swagger does not export its constants). */
const API_OPERATION_METADATA = 'swagger/apiOperation';

/** What the document says of each error code, in the responses that can carry it. */
const ERROR_MEANINGS: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'the input breaks a rule of its schema (details: [{field, message}])',
  UNAUTHENTICATED: 'no valid access token',
  INVALID_CREDENTIALS: 'wrong login, password, code or token',
  FORBIDDEN: 'the caller’s role may not do this',
  NOT_FOUND: 'no such record, a malformed id, or a record the caller may not see',
  CONFLICT: 'conflicts with an existing record',
  BOOKING_CONFLICT: 'overlaps a confirmed booking (details.conflicts)',
  MAINTENANCE_WINDOW: 'overlaps a maintenance window (details.windows)',
  ALREADY_ENROLLED: 'already enrolled in that path',
  PARTICIPANT_EXISTS: 'same first name, last name and birth year as an existing participant (details.id)',
  METER_DECREASE: 'lower than the current meter reading',
  PAYLOAD_TOO_LARGE: 'the body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'the file is not of an accepted type (judged from its bytes, not its name or declared type)',
  OUTSIDE_OPENING_HOURS: 'outside the opening hours or during a closure',
  MACHINE_UNAVAILABLE: 'the machine is not available',
  NOT_QUALIFIED: 'an attendee lacks a valid qualification (details.participantIds)',
  IN_THE_PAST: 'starts in the past',
  TOO_FAR_AHEAD: 'more than 90 days ahead',
  PREREQUISITE_NOT_MET: 'the path’s prerequisite is not met',
  PARENTAL_CONSENT_REQUIRED: 'under 15 without a guardian and parental consent',
  INVALID_TRANSITION: 'not allowed from the current status',
  TOO_MANY_REQUESTS: 'too many attempts; retry later',
  INTERNAL: 'unexpected error (generic message; logged with the request id)',
  SERVICE_UNAVAILABLE: 'the server is shutting down',
};

interface RouteFacts {
  isPublic: boolean;
  roles: readonly Role[] | undefined;
  codes: ErrorCode[];
}

const decorated = new WeakSet<object>();

/**
 * Builds the OpenAPI document: Nest's explorer, plus what it cannot know on its own — the 2xx
 * response of each route at the status Nest really answers with, the error responses in the one
 * error shape with the codes each route can return, `security: []` on public routes.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const routes = describeRoutes(app);
  const config = new DocumentBuilder()
    .setTitle('Dynamo Fablab')
    .setDescription(
      'Back office of a solidarity fablab: machines and maintenance, learning paths and progress, machine-slot bookings, reminders, and the yearly target.\n\n' +
        'Errors have one shape (`ErrorBody`) with a stable `error` code; each operation lists the codes it can return. ' +
        'Lists answer `{items, total, limit, offset}` for `?limit=&offset=`. Times are ISO 8601, UTC in responses. ' +
        'While the server shuts down, any route may answer 503 `SERVICE_UNAVAILABLE`.',
    )
    .setVersion('0.1.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('http://localhost:3000', 'a local instance (`npm start`); the live document at /api/docs-json names the server that served it')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyView, PageView] });
  for (const schema of Object.values(document.components?.schemas ?? {})) nullableForValidators(schema as Schema);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const facts = routes.get(operation.operationId ?? '');
      if (!facts) throw new Error(`OpenAPI: no route facts for ${method.toUpperCase()} ${path}`);
      if (facts.isPublic) operation.security = [];
      addErrorResponses(operation, facts);
    }
  }
  return document;
}

/** Reads each route's facts (and applies its success response) from its handler's metadata. */
function describeRoutes(app: INestApplication): Map<string, RouteFacts> {
  const routes = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (requestMethod === undefined) continue;
        const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
        applyResult(prototype, key, descriptor, statusOf(handler, requestMethod));
        // Method metadata overrides the controller's, as in the access guard.
        const own = <T>(metadataKey: string) =>
          (Reflect.getMetadata(metadataKey, handler) ?? Reflect.getMetadata(metadataKey, controller)) as T | undefined;
        // Keyed by the operation id Swagger gives the route: an explicit one (a route that moved
        // controller keeps the id clients know it by) or the default Controller_method.
        const operationId = (Reflect.getMetadata(API_OPERATION_METADATA, handler) as { operationId?: string } | undefined)?.operationId;
        routes.set(operationId ?? `${controller.name}_${key}`, {
          isPublic: own<boolean>(IS_PUBLIC) === true,
          roles: own<Role[]>(ROLES_KEY),
          codes: [...(own<ErrorCode[]>(API_ERRORS) ?? [])],
        });
      }
    }
  }
  return routes;
}

function statusOf(handler: object, requestMethod: RequestMethod): number {
  const explicit = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return explicit ?? (requestMethod === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
}

function applyResult(prototype: object, key: string, descriptor: PropertyDescriptor, status: number): void {
  const handler = descriptor.value as object;
  const spec = Reflect.getMetadata(API_RESULT, handler) as ApiResultSpec | undefined;
  // Metadata lives on the handler, shared by every app built in this process: apply it once.
  if (decorated.has(handler)) return;
  decorated.add(handler);
  if (status === HttpStatus.NO_CONTENT) {
    ApiResponse({ status, description: 'No content' })(prototype, key, descriptor);
    return;
  }
  if (!spec) return;
  if (spec.kind === 'model') {
    const [type, isArray] = Array.isArray(spec.type) ? [spec.type[0], true] : [spec.type, false];
    ApiResponse({ status, type, isArray, description: spec.description ?? 'OK' })(prototype, key, descriptor);
  } else if (spec.kind === 'page') {
    ApiExtraModels(PageView, spec.item)(prototype, key, descriptor);
    ApiResponse({
      status,
      description: spec.description ?? 'One page of the list',
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageView) },
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: getSchemaPath(spec.item) } } },
          },
        ],
      },
    })(prototype, key, descriptor);
  } else {
    ApiResponse({
      status,
      description: spec.description,
      content: { [spec.mediaType]: { schema: spec.binary ? { type: 'string', format: 'binary' } : { type: 'string' } } },
    })(prototype, key, descriptor);
  }
}

type Schema = { [keyword: string]: unknown };

/**
 * OpenAPI 3.0's `nullable` says nothing of the subschemas beside it: `{nullable, allOf: [$ref]}`
 * (what Nest writes for a nullable object) still refuses null to a strict validator, and a
 * nullable `enum` must list null. Rewritten so that validators (ajv) and generators (`X | null`)
 * read them as meant.
 */
function nullableForValidators(schema: Schema): void {
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) value.forEach((item) => item && typeof item === 'object' && nullableForValidators(item as Schema));
    else if (value && typeof value === 'object') nullableForValidators(value as Schema);
  }
  if (schema.nullable !== true) return;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  const allOf = schema.allOf as Schema[] | undefined;
  if (allOf?.length === 1 && allOf[0].$ref) {
    delete schema.allOf;
    delete schema.nullable;
    delete schema.type;
    schema.anyOf = [allOf[0], { type: 'object', nullable: true, enum: [null] }];
  }
}

function addErrorResponses(operation: OperationObject, facts: RouteFacts): void {
  const codes = new Set<ErrorCode>(facts.codes);
  if (!facts.isPublic) codes.add('UNAUTHENTICATED');
  if (facts.roles && facts.roles.length < ROLES.length) codes.add('FORBIDDEN');
  const parameters = (operation.parameters ?? []) as { in?: string; schema?: { type?: string } }[];
  if (parameters.length > 0 || operation.requestBody) codes.add('VALIDATION_FAILED');
  if (operation.requestBody) codes.add('PAYLOAD_TOO_LARGE');
  // A path id or code names a record (a malformed one is a 404 too); a numeric one (a year) is a value: 400.
  if (parameters.some((parameter) => parameter.in === 'path' && parameter.schema?.type !== 'number')) codes.add('NOT_FOUND');
  codes.add('INTERNAL');

  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    if (codes.has(code)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  }
  for (const [status, statusCodes] of byStatus) {
    if (operation.responses[status]) continue; // a route's own description of that status (health's 503)
    const response: ResponseObject = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_MEANINGS[code]}`).join('; '),
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: getSchemaPath(ErrorBodyView) },
              {
                type: 'object',
                properties: {
                  statusCode: { type: 'integer', enum: [status] },
                  error: { type: 'string', enum: statusCodes },
                },
              },
            ],
          },
        },
      },
    };
    // Every 429 says when to come back (all-exceptions.filter.ts sets it).
    if (status === 429) {
      response.headers = {
        'Retry-After': { description: 'Seconds to wait before trying again (RFC 9110).', schema: { type: 'integer', minimum: 1 } },
      };
    }
    operation.responses[status] = response;
  }
}
