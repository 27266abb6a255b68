import { ApiProperty } from '@nestjs/swagger';
import { MACHINE_CATEGORIES, type MachineCategory } from '../common/machine-category.js';
import { AUDIENCES, type Audience } from '../participants/audience.js';
import type { LearningPathStep } from './learning-path-step.entity.js';
import type { LearningPath } from './learning-path.entity.js';
import { STEP_KINDS, type StepKind } from './step-kind.js';

export class LearningPathStepView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ type: 'integer' })
  position: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ enum: STEP_KINDS, enumName: 'StepKind' })
  kind: StepKind;

  @ApiProperty({ type: String, enum: [...MACHINE_CATEGORIES, null], nullable: true })
  grantsQualification: MachineCategory | null;

  @ApiProperty()
  required: boolean;

  @ApiProperty()
  expectedHours: number;
}

export class LearningPathView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ enum: AUDIENCES, enumName: 'Audience', isArray: true })
  audiences: Audience[];

  @ApiProperty()
  requiresCompletedPath: boolean;

  @ApiProperty()
  expectedHours: number;

  @ApiProperty({ type: [LearningPathStepView] })
  steps: LearningPathStepView[];
}

/** A path with its current (not retired) steps, in order. */
export function toLearningPathView(path: LearningPath, steps: LearningPathStep[]): LearningPathView {
  const current = steps.filter((step) => !step.retiredAt).sort((a, b) => a.position - b.position);
  return {
    id: path.id,
    code: path.code,
    title: path.title,
    description: path.description,
    audiences: path.audiences,
    requiresCompletedPath: path.requiresCompletedPath,
    expectedHours: current.reduce((sum, step) => sum + step.expectedHours, 0),
    steps: current.map((step) => ({
      id: step.id,
      code: step.code,
      position: step.position,
      title: step.title,
      description: step.description,
      kind: step.kind,
      grantsQualification: step.grantsQualification,
      required: step.required,
      expectedHours: step.expectedHours,
    })),
  };
}
