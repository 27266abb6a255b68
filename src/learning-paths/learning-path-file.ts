import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AUDIENCES, type Audience } from '../participants/audience.js';
import { LearningPathStepFile } from './learning-path-step-file.js';

export const PATH_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;

/** A learning path as written in config/learning-paths/<name>.json (see the README there). */
export class LearningPathFile {
  @Matches(PATH_CODE_PATTERN, { message: 'code must be upper-case letters, digits and "_" (e.g. "EXPERIMENTER")' })
  code: string;

  @IsInt()
  @Min(0)
  position: number;

  @IsString()
  @MinLength(1)
  @MaxLength(120)
  title: string;

  @IsString()
  @MaxLength(4000)
  description: string;

  @IsArray()
  @ArrayUnique()
  @IsIn(AUDIENCES, { each: true, message: `each audience must be one of ${AUDIENCES.join(', ')}` })
  audiences: Audience[];

  @IsBoolean()
  requiresCompletedPath: boolean;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => LearningPathStepFile)
  steps: LearningPathStepFile[];
}
