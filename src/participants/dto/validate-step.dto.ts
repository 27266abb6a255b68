import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { SubmitStepDto } from './submit-step.dto.js';

export class ValidateStepDto extends SubmitStepDto {
  @ApiPropertyOptional({ description: 'may be back-dated (not before the enrolment), never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validatedAt?: string;
}
