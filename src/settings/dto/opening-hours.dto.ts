import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import { ClosureView, DAY_RANGES_SCHEMA } from '../opening-hours-view.js';
import { WEEKDAYS } from '../opening-hours.js';

/**
 * The whole opening-hours document (PUT replaces it). Only the outer shape is checked here;
 * the days, ranges and closures are checked by `validateOpeningHours`, which names each field.
 */
export class OpeningHoursDto {
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(WEEKDAYS.map((day) => [day, DAY_RANGES_SCHEMA])),
    additionalProperties: false,
    description: 'Local opening ranges per day (mon … sun) in APP_TIMEZONE; a missing day is closed. "24:00" may end a range.',
    example: { tue: [['09:00', '12:30'], ['13:30', '18:00']], sat: [['09:00', '12:30']] },
  })
  @IsObject({ message: 'weekly must be an object such as {"tue": [["09:00","12:30"]]}' })
  weekly: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [ClosureView],
    description:
      'Closures: `from`/`to` are local dates (whole days, `to` included) or ISO 8601 instants (without an offset: local time).',
    example: [{ from: '2025-12-24', to: '2026-01-01', reason: 'Vacances de fin d’année' }],
  })
  @IsOptional()
  @IsArray()
  closures?: unknown[];

  // What GET answers can be sent back as it is: these are read-only and not stored.
  @ApiPropertyOptional({ description: 'read-only (APP_TIMEZONE): accepted when it is the configured zone, so that what GET answers can be PUT back' })
  @IsOptional()
  @IsString()
  timezone?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'read-only, ignored' })
  @IsOptional()
  @IsString()
  updatedAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'read-only, ignored' })
  @IsOptional()
  @IsString()
  updatedBy?: string | null;
}
