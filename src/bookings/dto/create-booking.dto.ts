import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { BOOKING_KINDS, type BookingKind } from '../booking-kind.js';
import { INSTANT, lowerCase, ParticipantIdsField, PartnerIdField, trim } from './booking-fields.js';

export class CreateBookingDto {
  @ApiProperty()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'machineId must be a machine id' })
  machineId: string;

  @ApiProperty({ example: '2026-12-01T10:00:00+01:00', description: `${INSTANT}; on the 15-minute grid` })
  @IsISO8601({ strict: true }, { message: `startsAt must be ${INSTANT}` })
  startsAt: string;

  @ApiProperty({ example: '2026-12-01T12:00:00+01:00', description: `${INSTANT}; 15 minutes to 8 hours after startsAt` })
  @IsISO8601({ strict: true }, { message: `endsAt must be ${INSTANT}` })
  endsAt: string;

  @ApiProperty({ enum: BOOKING_KINDS, description: 'learners may book `open_lab` only' })
  @IsIn(BOOKING_KINDS, { message: `kind must be one of ${BOOKING_KINDS.join(', ')}` })
  kind: BookingKind;

  @ApiPropertyOptional({ example: 'Groupe découverte' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title?: string;

  @ParticipantIdsField('the planned attendees (participant ids). A learner books for themself: omit it or give their own id.')
  participantIds?: string[];

  @PartnerIdField("the partner the slot is for; a trainer's bookings are always for their own partner")
  partnerId?: string;
}
