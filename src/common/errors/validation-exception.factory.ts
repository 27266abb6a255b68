import type { ValidationError } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import type { FieldError } from './error-code.js';

/** Flattens class-validator errors into `[{ field: "contact.email", message }]`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const details = flattenValidationErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  return DomainError.validation(details, `Invalid value for ${fields.join(', ')}`);
}
