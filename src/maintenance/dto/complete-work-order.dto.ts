import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_METER_HOURS } from '../../machines/dto/record-usage.dto.js';

export class ChecklistResultDto {
  @ApiProperty({ example: 'Nettoyer la lentille' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  item: string;

  @ApiProperty()
  @IsBoolean()
  done: boolean;
}

export class CompleteWorkOrderDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @ApiPropertyOptional({ type: [ChecklistResultDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChecklistResultDto)
  checklist?: ChecklistResultDto[];

  @ApiPropertyOptional({ description: 'the meter reading at completion (hours); lower than the meter → 409 METER_DECREASE' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(MAX_METER_HOURS)
  usageHours?: number;
}
