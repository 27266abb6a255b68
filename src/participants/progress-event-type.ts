/** What happened to an enrolment or one of its steps: one row of the append-only log each. */
export const PROGRESS_EVENT_TYPES = [
  'enrolled',
  'submitted',
  'validated',
  'rejected',
  'paused',
  'resumed',
  'withdrawn',
  'completed',
  'outcome',
] as const;
export type ProgressEventType = (typeof PROGRESS_EVENT_TYPES)[number];
