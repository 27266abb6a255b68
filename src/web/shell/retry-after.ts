import type { Response } from 'express';
import type { DomainError } from '../../common/errors/domain-error.js';

/**
 * A page answering 429 says when to come back, as the API does (RFC 9110 Retry-After, in
 * seconds): the throttle's own delay, else a minute. Returns the seconds, for the page's words.
 */
export function setRetryAfter(res: Response, error: DomainError): number {
  const given = Number((error.details as { retryAfter?: unknown } | undefined)?.retryAfter);
  const seconds = Number.isFinite(given) && given > 0 ? Math.ceil(given) : 60;
  res.setHeader('Retry-After', String(seconds));
  return seconds;
}
