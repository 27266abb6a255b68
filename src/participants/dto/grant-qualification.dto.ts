import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { MACHINE_CATEGORIES, type MachineCategory } from '../../common/machine-category.js';

export class GrantQualificationDto {
  @ApiProperty({ enum: MACHINE_CATEGORIES })
  @IsIn(MACHINE_CATEGORIES)
  category: MachineCategory;

  @ApiPropertyOptional({ description: 'may be back-dated, never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  grantedAt?: string;

  @ApiPropertyOptional({ description: 'after grantedAt; default grantedAt + 24 months' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
