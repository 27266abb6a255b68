import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const MAX_METER_HOURS = 1_000_000;

export class RecordUsageDto {
  @ApiProperty({ example: 1234.5, description: 'the meter reading in hours (absolute, not an increment)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(MAX_METER_HOURS)
  usageHours: number;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'makes the reading a correction: it may then be lower than the meter (a wrong check-out, a typo); kept in the history with the reason',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason?: string;
}
