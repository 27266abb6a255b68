/** Enrolment and step statuses, outcomes after a path (DESIGN.md enumerations). */
export const ENROLLMENT_STATUSES = ['active', 'paused', 'completed', 'withdrawn'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const STEP_STATUSES = ['todo', 'submitted', 'validated'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const OUTCOMES = [
  'employment',
  'training',
  'school_return',
  'civic_service',
  'business_creation',
  'none',
  'unknown',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
