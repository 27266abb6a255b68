import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { trimUpper } from './transforms.js';

/** One of `pathCode` or `pathId`. */
export class CreateEnrollmentDto {
  @ApiPropertyOptional({ example: 'EXPERIMENTER' })
  @IsOptional()
  @Transform(trimUpper)
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'pathCode must be a path code such as EXPERIMENTER' })
  pathCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  pathId?: string;

  @ApiPropertyOptional({ description: 'may be back-dated, never in the future (400); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  enrolledAt?: string;
}
