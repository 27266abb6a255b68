import { ApiProperty, OmitType } from '@nestjs/swagger';
import { MACHINE_CATEGORIES, type MachineCategory } from '../common/machine-category.js';
import { STEP_KINDS, type StepKind } from '../learning-paths/step-kind.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus, OUTCOMES, type Outcome, STEP_STATUSES, type StepStatus } from './enrollment-status.js';

export class StepValidatorView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;
}

export class EvidenceView {
  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

export class RejectionView {
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ format: 'date-time' })
  rejectedAt: string;
}

export class EnrollmentPathView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'FABRIQUER' })
  code: string;

  @ApiProperty()
  title: string;
}

export class EnrollmentOutcomeView {
  @ApiProperty({ enum: OUTCOMES, enumName: 'Outcome' })
  outcome: Outcome;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  recordedAt: string | null;
}

export class EnrollmentStepView {
  @ApiProperty({ format: 'uuid' })
  stepId: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: 'integer' })
  position: number;

  @ApiProperty({ enum: STEP_KINDS, enumName: 'StepKind' })
  kind: StepKind;

  @ApiProperty()
  required: boolean;

  @ApiProperty({ type: String, enum: [...MACHINE_CATEGORIES, null], nullable: true })
  grantsQualification: MachineCategory | null;

  @ApiProperty({ enum: STEP_STATUSES, enumName: 'StepStatus' })
  status: StepStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  validatedAt: string | null;

  @ApiProperty({ type: StepValidatorView, nullable: true })
  validatedBy: StepValidatorView | null;

  @ApiProperty({ type: EvidenceView, nullable: true, description: 'the latest evidence given, by the learner or the validator' })
  evidence: EvidenceView | null;

  @ApiProperty({ type: RejectionView, nullable: true, description: 'why the latest submission was sent back (while the step is to do again)' })
  rejection: RejectionView | null;

  @ApiProperty({ description: 'a step since removed from the path file, shown because progress was recorded on it' })
  retired: boolean;
}

export class NextStepView {
  @ApiProperty({ format: 'uuid' })
  stepId: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: STEP_STATUSES, enumName: 'StepStatus' })
  status: StepStatus;
}

/** GET /enrollments/:id (DESIGN.md), plus the outcome and the latest activity. */
export class EnrollmentView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ type: EnrollmentPathView })
  path: EnrollmentPathView;

  @ApiProperty({ enum: ENROLLMENT_STATUSES, enumName: 'EnrollmentStatus' })
  status: EnrollmentStatus;

  @ApiProperty({ format: 'date-time' })
  enrolledAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  @ApiProperty({ type: 'integer' })
  progressPct: number;

  @ApiProperty({ type: NextStepView, nullable: true })
  nextStep: NextStepView | null;

  @ApiProperty({ type: [EnrollmentStepView] })
  steps: EnrollmentStepView[];

  @ApiProperty({ type: EnrollmentOutcomeView, nullable: true, description: 'what the young person does after the path, once recorded' })
  outcome: EnrollmentOutcomeView | null;

  @ApiProperty({ format: 'date-time' })
  lastActivityAt: string;
}

/** An enrolment in a list of participants: the view without its steps. */
export class EnrollmentSummary extends OmitType(EnrollmentView, ['steps'] as const) {}

export const toEnrollmentSummary = ({ steps: _steps, ...summary }: EnrollmentView): EnrollmentSummary => summary;
