import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FieldErrors } from './components.js';

/** A posted form's text fields: strings only (a repeated field keeps its last value), trimmed. */
export function formText(body: unknown, field: string): string {
  const raw = (body as Record<string, unknown> | undefined)?.[field];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads a posted form into the API's own DTO and checks it with the API's own rules, so a page
 * accepts exactly what the API accepts. Empty fields are left out (optional in the DTO); each
 * failing field gets the page's sentence for it, in the order of `messages`.
 */
export async function readForm<T extends object>(
  dtoClass: new () => T,
  body: unknown,
  messages: Record<string, string>,
  extra: Record<string, unknown> = {},
): Promise<{ value: T; errors: FieldErrors }> {
  const plain: Record<string, unknown> = {};
  for (const field of Object.keys(messages)) {
    const text = formText(body, field);
    if (text !== '') plain[field] = text;
  }
  const value = plainToInstance(dtoClass, { ...plain, ...extra });
  const failures = await validate(value, { whitelist: true, forbidUnknownValues: false });
  const failed = new Set(failures.map((failure) => failure.property));
  const errors: FieldErrors = {};
  for (const [field, message] of Object.entries(messages)) if (failed.has(field)) errors[field] = message;
  return { value, errors };
}
