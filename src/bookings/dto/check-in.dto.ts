import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { MAX_PARTICIPANTS, uniqueIds } from './booking-fields.js';

export class CheckInDto {
  @ApiPropertyOptional({ type: [String], description: 'who is there: some of the booking\'s participantIds' })
  @IsOptional()
  @Transform(uniqueIds)
  @IsArray()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @IsUUID('all', { each: true, message: 'attendeeIds must be participant ids' })
  attendeeIds?: string[];
}
