import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '../common/errors/domain-error.js';
import { backDatedInstant } from './back-dating.js';

describe('back-dated instants', () => {
  const now = new Date('2026-03-10T10:00:00Z');

  it('defaults to now and accepts the past', () => {
    expect(backDatedInstant('validatedAt', undefined, now)).toEqual(now);
    expect(backDatedInstant('validatedAt', '2025-09-01T08:00:00Z', now)).toEqual(new Date('2025-09-01T08:00:00Z'));
  });

  it('refuses the future (beyond a minute of clock skew) with a 400 naming the field', () => {
    expect(backDatedInstant('validatedAt', '2026-03-10T10:00:30Z', now)).toEqual(now);
    try {
      backDatedInstant('validatedAt', '2026-03-10T10:05:00Z', now);
      throw new Error('should have thrown');
    } catch (error) {
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details).toEqual([{ field: 'validatedAt', message: 'validatedAt must not be in the future' }]);
    }
  });

  it('refuses an instant before its lower bound', () => {
    const enrolledAt = new Date('2026-01-01T00:00:00Z');
    expect(() => backDatedInstant('validatedAt', '2025-12-31T00:00:00Z', now, { at: enrolledAt, what: 'the enrolment date' })).toThrow(
      'Validation failed',
    );
  });
});
