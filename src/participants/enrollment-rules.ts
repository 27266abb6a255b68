import { DomainError } from '../common/errors/domain-error.js';
import type { EnrollmentStatus, StepStatus } from './enrollment-status.js';

export type EnrollmentAction = 'pause' | 'resume' | 'withdraw' | 'complete';
export type StepAction = 'submit' | 'validate' | 'reject';

const ENROLLMENT_MOVES: Record<EnrollmentAction, { from: readonly EnrollmentStatus[]; to: EnrollmentStatus }> = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  withdraw: { from: ['active', 'paused'], to: 'withdrawn' },
  complete: { from: ['active'], to: 'completed' },
};

/** The status an enrolment moves to, or 422 INVALID_TRANSITION. */
export function nextEnrollmentStatus(current: EnrollmentStatus, action: EnrollmentAction): EnrollmentStatus {
  const move = ENROLLMENT_MOVES[action];
  if (!move.from.includes(current)) {
    throw new DomainError('INVALID_TRANSITION', `Cannot ${action} an enrolment that is ${current}`, {
      status: current,
      action,
    });
  }
  return move.to;
}

/**
 * Steps progress on an active enrolment, and on a completed one (its optional steps may still
 * be done); a paused or withdrawn enrolment is frozen.
 */
export function assertStepsCanProgress(status: EnrollmentStatus): void {
  if (status !== 'active' && status !== 'completed') {
    throw new DomainError('INVALID_TRANSITION', `The enrolment is ${status}: its steps cannot change`, { status });
  }
}

const STEP_MOVES: Record<StepAction, { from: readonly StepStatus[]; to: StepStatus }> = {
  // A learner may submit again (new evidence) until the step is validated.
  submit: { from: ['todo', 'submitted'], to: 'submitted' },
  // Staff may validate what they saw done, submitted or not.
  validate: { from: ['todo', 'submitted'], to: 'validated' },
  // Only a submission can be sent back; a validation stands (its qualification is revoked apart).
  reject: { from: ['submitted'], to: 'todo' },
};

export function nextStepStatus(current: StepStatus, action: StepAction): StepStatus {
  const move = STEP_MOVES[action];
  if (!move.from.includes(current)) {
    throw new DomainError('INVALID_TRANSITION', `Cannot ${action} a step that is ${current}`, { status: current, action });
  }
  return move.to;
}

/** Outcomes are what happens after the path: recorded once it is completed or withdrawn. */
export function assertOutcomeAllowed(status: EnrollmentStatus): void {
  if (status !== 'completed' && status !== 'withdrawn') {
    throw new DomainError('INVALID_TRANSITION', `An outcome is recorded after the path; this enrolment is ${status}`, {
      status,
    });
  }
}

/** Percentage of required steps validated, as a whole number (100 once completed). */
export function progressPct(status: EnrollmentStatus, requiredStepIds: string[], validatedStepIds: Set<string>): number {
  if (status === 'completed') return 100;
  if (requiredStepIds.length === 0) return 0;
  const done = requiredStepIds.filter((id) => validatedStepIds.has(id)).length;
  return Math.floor((done / requiredStepIds.length) * 100);
}

export const allRequiredValidated = (requiredStepIds: string[], validatedStepIds: Set<string>): boolean =>
  requiredStepIds.length > 0 && requiredStepIds.every((id) => validatedStepIds.has(id));
