import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { INSTANT, ParticipantIdsField, trim } from './booking-fields.js';

/** A move (new times) and/or new attendees; the same rules as a creation apply. */
export class UpdateBookingDto {
  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `startsAt must be ${INSTANT}` })
  startsAt?: string;

  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `endsAt must be ${INSTANT}` })
  endsAt?: string;

  @ParticipantIdsField('replaces the planned attendees')
  participantIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title?: string;
}
