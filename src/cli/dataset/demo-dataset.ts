import type { DatasetOptions } from './generate-dataset.js';

export const DEMO_ADMIN_PASSWORD = 'demo-admin-2026';
export const DEMO_STAFF_PASSWORD = 'demo-fablab-2026';
export const DEMO_LEARNER_PASSWORD = 'demo-jeune-2026';
/** Euros a year: a small fablab's running costs (two facilitators, machines, materials). */
export const DEMO_YEARLY_BUDGET = 160_000;

/**
 * The demo fablab `npm run seed:demo` loads: last year and this one up to `now`, ~320 young
 * people a year. Shared with test/demo-year.e2e-spec.ts, which checks that its year looks like
 * a real one (arrivals every month, a summer dip, all four paths, outcomes for most ended paths).
 */
export const demoDatasetOptions = (now: Date, timezone: string): DatasetOptions => ({
  years: 2,
  participantsPerYear: 320,
  enrollmentsPerParticipant: 2.2,
  bookings: 4_000,
  learnerAccounts: 10,
  learnerPassword: DEMO_LEARNER_PASSWORD,
  staffPassword: DEMO_STAFF_PASSWORD,
  timezone,
  now,
  seed: 2026,
});
