import type { FieldError } from '../common/errors/error-code.js';
import { parseInstant } from '../common/time/instants.js';

/** An optional instant of a request body; a value that does not parse adds an error for its field. */
export function readInstantField(value: string | undefined, field: string, zone: string, errors: FieldError[]): Date | null {
  if (value === undefined) return null;
  const parsed = parseInstant(value, zone);
  if (!parsed) errors.push({ field, message: `${field} must be an ISO 8601 date-time` });
  return parsed;
}

/**
 * A maintenance window: both ends or neither, the end after the start. Adds the problem to
 * `errors` (unless an end was already refused) and returns null when there is no valid window.
 */
export function checkWindow(start: Date | null, end: Date | null, errors: FieldError[]): { start: Date; end: Date } | null {
  if (errors.some((e) => e.field === 'windowStart' || e.field === 'windowEnd')) return null;
  if (!start && !end) return null;
  if (!start || !end) {
    errors.push({ field: start ? 'windowEnd' : 'windowStart', message: 'a maintenance window needs both windowStart and windowEnd' });
    return null;
  }
  if (end.getTime() <= start.getTime()) {
    errors.push({ field: 'windowEnd', message: 'windowEnd must be after windowStart' });
    return null;
  }
  return { start, end };
}
