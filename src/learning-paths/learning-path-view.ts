import type { MachineCategory } from '../common/machine-category.js';
import type { Audience } from '../participants/audience.js';
import type { LearningPathStep } from './learning-path-step.entity.js';
import type { LearningPath } from './learning-path.entity.js';
import type { StepKind } from './step-kind.js';

export interface LearningPathStepView {
  id: string;
  code: string;
  position: number;
  title: string;
  description: string | null;
  kind: StepKind;
  grantsQualification: MachineCategory | null;
  required: boolean;
  expectedHours: number;
}

export interface LearningPathView {
  id: string;
  code: string;
  title: string;
  description: string;
  audiences: Audience[];
  requiresCompletedPath: boolean;
  expectedHours: number;
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
