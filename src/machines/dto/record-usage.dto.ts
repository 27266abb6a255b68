import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

export const MAX_METER_HOURS = 1_000_000;

export class RecordUsageDto {
  @ApiProperty({ example: 1234.5, description: 'the meter reading in hours (absolute, not an increment)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(MAX_METER_HOURS)
  usageHours: number;
}
