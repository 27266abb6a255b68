import { describe, expect, it } from '@jest/globals';
import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation-exception.factory.js';

describe('flattenValidationErrors', () => {
  it('gives one entry per message with dotted paths for nested fields', () => {
    const errors: ValidationError[] = [
      { property: 'name', constraints: { isString: 'name must be a string', minLength: 'name is too short' }, children: [] },
      {
        property: 'contact',
        children: [{ property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] }],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'name', message: 'name is too short' },
      { field: 'contact.email', message: 'email must be an email' },
    ]);
  });
});
