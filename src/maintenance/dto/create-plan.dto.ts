import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** At least one trigger (checked by the service, which names the field). */
export class CreatePlanDto {
  @ApiProperty({ example: 'Nettoyage optique et contrôle de l’extraction' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title: string;

  @ApiPropertyOptional({ type: 'integer', example: 30, description: 'due every N days since the last completion' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  everyDays?: number;

  @ApiPropertyOptional({ example: 50, description: 'due every N usage hours since the last completion' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.25)
  @Max(100_000)
  everyUsageHours?: number;

  @ApiPropertyOptional({ type: [String], example: ['Nettoyer la lentille', 'Vérifier la courroie'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  checklist?: string[];
}
