import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { BOOKING_KINDS, type BookingKind } from '../booking-kind.js';
import { MAX_SERIES_OCCURRENCES } from '../series-occurrences.js';
import { INSTANT, lowerCase, ParticipantIdsField, PartnerIdField, trim } from './booking-fields.js';

export const MAX_EVERY_WEEKS = 26;

/** A weekly series: `count` occurrences or every occurrence up to `until` (exactly one of them). */
export class CreateSeriesDto {
  @ApiProperty()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'machineId must be a machine id' })
  machineId: string;

  @ApiProperty({ enum: BOOKING_KINDS })
  @IsIn(BOOKING_KINDS, { message: `kind must be one of ${BOOKING_KINDS.join(', ')}` })
  kind: BookingKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title?: string;

  @ApiProperty({ example: '2026-12-01T14:00', description: `the first start: ${INSTANT}. Later ones keep its local time.` })
  @IsISO8601({ strict: true }, { message: `firstStartsAt must be ${INSTANT}` })
  firstStartsAt: string;

  @ApiProperty({ type: 'integer', example: 120, minimum: 15, maximum: 480, description: 'a multiple of 15' })
  @Type(() => Number)
  @IsInt({ message: 'durationMinutes must be a whole number of minutes' })
  durationMinutes: number;

  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_EVERY_WEEKS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_EVERY_WEEKS)
  everyWeeks = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SERIES_OCCURRENCES, description: 'number of occurrences (or until)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SERIES_OCCURRENCES)
  count?: number;

  @ApiPropertyOptional({ example: '2027-02-23', description: `last possible start, included (a date: the whole day): ${INSTANT}` })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `until must be ${INSTANT}` })
  until?: string;

  @ParticipantIdsField()
  participantIds?: string[];

  @PartnerIdField("the partner the slots are for; a trainer's are always for their own partner")
  partnerId?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'true: any occurrence that cannot be booked → nothing is created (409/422 with the report in details)',
  })
  @IsOptional()
  @IsBoolean({ message: 'allOrNothing must be true or false' })
  allOrNothing = false;
}
