import { DomainError } from '../common/errors/domain-error.js';

/** Clocks differ a little between a browser and the server: this much ahead is still "now". */
export const CLOCK_SKEW_MS = 60_000;

/**
 * An instant given by staff (enrolledAt, validatedAt, recordedAt, grantedAt): may be in the
 * past, never in the future, never before `notBefore`. Absent = now. Bad → 400 VALIDATION_FAILED.
 */
export function backDatedInstant(
  field: string,
  value: string | undefined,
  now: Date,
  notBefore?: { at: Date; what: string },
): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw DomainError.validation([{ field, message: `${field} must be an ISO 8601 date` }]);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw DomainError.validation([{ field, message: `${field} must not be in the future` }]);
  }
  if (notBefore && at.getTime() < notBefore.at.getTime()) {
    throw DomainError.validation([{ field, message: `${field} must not be before ${notBefore.what}` }]);
  }
  return at.getTime() > now.getTime() ? now : at;
}
