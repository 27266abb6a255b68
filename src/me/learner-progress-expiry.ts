import type { QualificationView } from '../participants/qualification-view.js';

/**
 * When a learner's dashboard changes by the clock alone, nothing being written: a coming booking
 * leaves it once ended, a qualification once expired or revoked (a revocation may be dated ahead).
 * The earliest of these after `now`, or `limit` when none comes sooner (epoch milliseconds;
 * `limit` may be infinite).
 */
export function progressChangesBy(
  progress: { qualifications: QualificationView[]; upcomingBookings: unknown[] },
  now: number,
  limit: number,
): number {
  let at = limit;
  const consider = (iso: unknown) => {
    if (typeof iso !== 'string') return;
    const instant = Date.parse(iso);
    if (instant > now && instant < at) at = instant;
  };
  for (const booking of progress.upcomingBookings) consider((booking as { endsAt?: unknown }).endsAt);
  for (const qualification of progress.qualifications) {
    consider(qualification.expiresAt);
    consider(qualification.revokedAt);
  }
  return at;
}
