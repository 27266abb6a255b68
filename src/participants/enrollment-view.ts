import type { MachineCategory } from '../common/machine-category.js';
import type { StepKind } from '../learning-paths/step-kind.js';
import type { EnrollmentStatus, Outcome, StepStatus } from './enrollment-status.js';

export interface EnrollmentStepView {
  stepId: string;
  code: string;
  title: string;
  position: number;
  kind: StepKind;
  required: boolean;
  grantsQualification: MachineCategory | null;
  status: StepStatus;
  submittedAt: string | null;
  validatedAt: string | null;
  validatedBy: { id: string; displayName: string | null } | null;
  /** The latest evidence given, by the learner or the validator. */
  evidence: { url: string | null; note: string | null } | null;
  /** Why the latest submission was sent back (while the step is to do again). */
  rejection: { reason: string | null; rejectedAt: string } | null;
  /** A step since removed from the path file, shown because progress was recorded on it. */
  retired: boolean;
}

export interface NextStepView {
  stepId: string;
  code: string;
  title: string;
  status: StepStatus;
}

/** GET /enrollments/:id (DESIGN.md), plus the outcome and the latest activity. */
export interface EnrollmentView {
  id: string;
  participantId: string;
  path: { id: string; code: string; title: string };
  status: EnrollmentStatus;
  enrolledAt: string;
  completedAt: string | null;
  progressPct: number;
  nextStep: NextStepView | null;
  steps: EnrollmentStepView[];
  outcome: { outcome: Outcome; recordedAt: string | null } | null;
  lastActivityAt: string;
}

/** An enrolment in a list of participants: the view without its steps. */
export type EnrollmentSummary = Omit<EnrollmentView, 'steps'>;

export const toEnrollmentSummary = ({ steps: _steps, ...summary }: EnrollmentView): EnrollmentSummary => summary;
