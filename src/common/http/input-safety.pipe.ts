import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';
import type { FieldError } from '../errors/error-code.js';

/** Deeper than this, a request body is no form a person filled in: refused before it is walked. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Runs before validation on every body, query and path parameter: a NUL character in any text
 * (PostgreSQL refuses it with a 500, SQLite stores it silently) and JSON nested beyond
 * MAX_INPUT_DEPTH levels (class-transformer recursed into a stack overflow at 3,000) are 400
 * VALIDATION_FAILED naming the field. The walk itself stops at the depth limit.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    assertSafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    return value;
  }
}

/** The pipe's check, for a handler that reads a body the pipes never see (a multipart form read by a middleware). */
export function assertSafeInput(value: unknown, field = ''): void {
  const problem = findProblem(value, field, 0);
  if (problem) throw DomainError.validation([problem]);
}

function findProblem(value: unknown, path: string, depth: number): FieldError | null {
  const field = path || 'body';
  if (typeof value === 'string') return value.includes('\u0000') ? { field, message: 'must not contain a NUL character' } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { field, message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` };
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item])
    : Object.entries(value).map(([key, item]) => [path ? `${path}.${key}` : key, item]);
  for (const [childPath, item] of entries) {
    if (childPath.includes('\u0000')) return { field, message: 'must not contain a NUL character' };
    const problem = findProblem(item, childPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}
