import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/http/pagination.js';
import { lowerCase } from './booking-fields.js';
import { BOOKING_KINDS, type BookingKind } from '../booking-kind.js';
import { BOOKING_STATUSES, type BookingStatus } from '../booking-status.js';

export class ListBookingsQuery extends PaginationQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'machineId must be a machine id' })
  machineId?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'bookings ending after this instant (ISO 8601; without an offset: local time)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-08', description: 'bookings starting before this instant, excluded' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'only the bookings I made (learners: made or attend)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES, { message: `status must be one of ${BOOKING_STATUSES.join(', ')}` })
  status?: BookingStatus;

  @ApiPropertyOptional({ enum: BOOKING_KINDS })
  @IsOptional()
  @IsIn(BOOKING_KINDS, { message: `kind must be one of ${BOOKING_KINDS.join(', ')}` })
  kind?: BookingKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'bookings this young person is planned in (within what the caller may see)' })
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'participantId must be a participant id' })
  participantId?: string;
}
