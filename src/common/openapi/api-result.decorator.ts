import type { Type } from '@nestjs/common';
import type { ErrorCode } from '../errors/error-code.js';

export const API_RESULT = 'fablab:api-result';
export const API_ERRORS = 'fablab:api-errors';

/** What a route answers on success; see openapi-document.ts, which turns it into a response. */
export type ApiResultSpec =
  | { kind: 'model'; type: Type<unknown> | [Type<unknown>]; description?: string }
  | { kind: 'page'; item: Type<unknown>; description?: string }
  | { kind: 'file'; mediaType: string; binary: boolean; description: string };

const record =
  (key: string, value: unknown): MethodDecorator =>
  (_target, _key, descriptor) => {
    Reflect.defineMetadata(key, value, descriptor.value as object);
    return descriptor;
  };

/**
 * The 2xx body of a route: a view class, or `[ViewClass]` for a bare array. The status is the
 * one Nest answers with (201 for POST, 200 otherwise, or `@HttpCode`), read when the document is
 * built, so that the two cannot disagree whatever order the decorators are written in.
 */
export const ApiResult = (type: Type<unknown> | [Type<unknown>], description?: string): MethodDecorator =>
  record(API_RESULT, { kind: 'model', type, description } satisfies ApiResultSpec);

/** A page of the contract's list shape, `{items: T[], total, limit, offset}`. */
export const ApiPageResult = (item: Type<unknown>, description?: string): MethodDecorator =>
  record(API_RESULT, { kind: 'page', item, description } satisfies ApiResultSpec);

/** A body that is not JSON (text/csv, image/svg+xml, text/calendar, a spreadsheet). */
export const ApiFileResult = (mediaType: string, description: string, options: { binary?: boolean } = {}): MethodDecorator =>
  record(API_RESULT, { kind: 'file', mediaType, binary: options.binary ?? false, description } satisfies ApiResultSpec);

/**
 * The error codes a route can answer with beyond those every route of its kind can (401 for a
 * non-public route, 403 for one narrowed to some roles, 400 for one that takes input, 404 for
 * one with a path parameter, 413 for one with a body, 500 for all): see openapi-document.ts.
 */
export const ApiErrors = (...codes: ErrorCode[]): MethodDecorator => record(API_ERRORS, codes);
