import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../common/errors/error-code.js';
import { BookingView } from './booking-view.js';

/** Why an occurrence could not be booked: the error a single booking would have got. */
export class OccurrenceErrorView {
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), enumName: 'ErrorCode' })
  code: ErrorCode;

  @ApiProperty()
  message: string;

  @ApiPropertyOptional({ description: 'as in the error of a single booking (conflicts, participantIds…)' })
  details?: unknown;
}

/** An occurrence that could not be booked, and why. */
export class SkippedOccurrence {
  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ type: OccurrenceErrorView })
  error: OccurrenceErrorView;
}

/** The answer to POST /bookings/series. `seriesId` is null when nothing was created. */
export class SeriesReport {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null when nothing was created' })
  seriesId: string | null;

  @ApiProperty({ type: [BookingView] })
  created: BookingView[];

  @ApiProperty({ type: [SkippedOccurrence] })
  skipped: SkippedOccurrence[];
}

/** An occurrence a series would book. */
export class PreviewOccurrence {
  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;
}

/** The answer to POST /bookings/series/preview: what POST /bookings/series would book and skip now; nothing is written. */
export class SeriesPreview {
  @ApiProperty({ type: [PreviewOccurrence], description: 'the occurrences every rule accepts now, in date order' })
  bookable: PreviewOccurrence[];

  @ApiProperty({ type: [SkippedOccurrence], description: 'the occurrences that would be skipped, each with the error a single booking would get' })
  skipped: SkippedOccurrence[];
}
