import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MACHINE_CATEGORIES, type MachineCategory } from '../../common/machine-category.js';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimUpper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const MACHINE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

export class CreateMachineDto {
  @ApiProperty({ example: 'LASER-01', description: 'unique; upper-cased; 1-32 characters: letters, digits, ".", "_", "-"' })
  @Transform(trimUpper)
  @IsString()
  @Matches(MACHINE_CODE_PATTERN, { message: 'code must be 1-32 characters: letters, digits, ".", "_" or "-"' })
  code: string;

  @ApiProperty({ example: 'Découpeuse laser Trotec Speedy 100' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ enum: MACHINE_CATEGORIES })
  @IsIn(MACHINE_CATEGORIES, { message: `category must be one of ${MACHINE_CATEGORIES.join(', ')}` })
  category: MachineCategory;

  @ApiPropertyOptional({ type: String, example: 'Atelier bois', nullable: true, maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  location?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  requiresQualification?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}
