import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MAX_PARTICIPANTS, uniqueIds } from './booking-fields.js';

export const MAX_USED_MINUTES = 24 * 60;

export class CheckOutDto {
  @ApiPropertyOptional({
    type: [String],
    description: "who attended (some of the booking's participantIds); replaces the list given at check-in. Default: the check-in list, else every planned participant",
  })
  @IsOptional()
  @Transform(uniqueIds)
  @IsArray()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @IsUUID('all', { each: true, message: 'attendeeIds must be participant ids' })
  attendeeIds?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_USED_MINUTES, description: 'machine time used; default: the booked length' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'usedMinutes must be a whole number of minutes' })
  @Min(0)
  @Max(MAX_USED_MINUTES)
  usedMinutes?: number;
}
