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
  if (typeof value === 'string') return value.includes('\u0000') ? { field: path || 'body', message: 'must not contain a NUL character' } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { field: path || 'body', message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` };
  // Runs on every parameter of every request: no copy of the entries, only the paths walked. The
  // keys, not the length: a sparse array (a multipart field named `tags[100000]`) is walked by what it holds.
  const array = Array.isArray(value);
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000')) return { field: path || 'body', message: 'must not contain a NUL character' };
    const childPath = array ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const problem = findProblem((value as Record<string, unknown>)[key], childPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}
