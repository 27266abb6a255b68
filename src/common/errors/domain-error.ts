import { ERROR_STATUS, type ErrorCode, type FieldError } from './error-code.js';

/**
 * A domain fact with a stable code. Services throw it; the global filter turns it into the
 * contract's error shape with the status of its code.
 */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }

  static validation(details: FieldError[], message = 'Validation failed'): DomainError {
    return new DomainError('VALIDATION_FAILED', message, details);
  }
}
