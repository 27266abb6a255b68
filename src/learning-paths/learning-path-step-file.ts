import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { MACHINE_CATEGORIES, type MachineCategory } from '../common/machine-category.js';
import { STEP_KINDS, type StepKind } from './step-kind.js';

export const STEP_CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A step as written in a learning-path file. */
export class LearningPathStepFile {
  @Matches(STEP_CODE_PATTERN, { message: 'code must be lower-case letters, digits and "-" (e.g. "first-3d-print")' })
  @MaxLength(64)
  code: string;

  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @IsIn(STEP_KINDS, { message: `kind must be one of ${STEP_KINDS.join(', ')}` })
  kind: StepKind;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  expectedHours: number;

  @IsBoolean()
  required: boolean;

  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsIn(MACHINE_CATEGORIES, { message: `grantsQualification must be null or one of ${MACHINE_CATEGORIES.join(', ')}` })
  grantsQualification?: MachineCategory | null;
}
