import { describe, expect, it } from '@jest/globals';
import { progressChangesBy } from './learner-progress-expiry.js';
import type { QualificationView } from '../participants/qualification-view.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const LIMIT = NOW + 10_000;
const qualification = (expiresAt: string, revokedAt: string | null = null) =>
  ({ expiresAt, revokedAt }) as QualificationView;

describe('progressChangesBy', () => {
  it('is the limit when nothing ends sooner', () => {
    expect(progressChangesBy({ qualifications: [], upcomingBookings: [] }, NOW, LIMIT)).toBe(LIMIT);
    const later = { qualifications: [qualification('2028-01-01T00:00:00Z')], upcomingBookings: [{ endsAt: '2026-11-23T10:00:00Z' }] };
    expect(progressChangesBy(later, NOW, LIMIT)).toBe(LIMIT);
  });

  it('is the end of the first coming booking when it ends before the limit', () => {
    const progress = {
      qualifications: [],
      upcomingBookings: [{ endsAt: '2026-11-22T10:00:08Z' }, { endsAt: '2026-11-22T10:00:04Z' }],
    };
    expect(progressChangesBy(progress, NOW, LIMIT)).toBe(Date.parse('2026-11-22T10:00:04Z'));
  });

  it('is the expiry or a revocation dated ahead of a qualification, whichever comes first', () => {
    expect(progressChangesBy({ qualifications: [qualification('2026-11-22T10:00:05Z')], upcomingBookings: [] }, NOW, LIMIT)).toBe(
      Date.parse('2026-11-22T10:00:05Z'),
    );
    const revoked = qualification('2027-01-01T00:00:00Z', '2026-11-22T10:00:02Z');
    expect(progressChangesBy({ qualifications: [revoked], upcomingBookings: [] }, NOW, LIMIT)).toBe(Date.parse('2026-11-22T10:00:02Z'));
  });

  it('ignores instants already past and entries without an end', () => {
    const progress = {
      qualifications: [qualification('2026-11-22T09:00:00Z', '2026-11-22T09:30:00Z')],
      upcomingBookings: [{ endsAt: '2026-11-22T10:00:00Z' }, { title: 'no end' }],
    };
    expect(progressChangesBy(progress, NOW, LIMIT)).toBe(LIMIT);
  });
});
