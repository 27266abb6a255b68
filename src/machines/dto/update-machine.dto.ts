import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MACHINE_CATEGORIES, type MachineCategory } from '../../common/machine-category.js';
import { MACHINE_CODE_PATTERN, trim } from './create-machine.dto.js';

/** Validates when the field is sent, null included (IsOptional would let null through). */
const sent = (_: object, value: unknown) => value !== undefined;

/**
 * Any field of the machine but its status (POST /machines/:id/status) and its meter
 * (POST /machines/:id/usage). `location` and `notes` may be cleared with null; the others may not.
 * Written out rather than PartialType(CreateMachineDto): PartialType's IsOptional lets null
 * through to NOT NULL columns.
 */
export class UpdateMachineDto {
  @ApiPropertyOptional({ example: 'LASER-01' })
  @ValidateIf(sent)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(MACHINE_CODE_PATTERN, { message: 'code must be 1-32 characters: letters, digits, ".", "_" or "-"' })
  code?: string;

  @ApiPropertyOptional()
  @ValidateIf(sent)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: MACHINE_CATEGORIES })
  @ValidateIf(sent)
  @IsIn(MACHINE_CATEGORIES, { message: `category must be one of ${MACHINE_CATEGORIES.join(', ')}` })
  category?: MachineCategory;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  location?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(sent)
  @IsBoolean()
  requiresQualification?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}
