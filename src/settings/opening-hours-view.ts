import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Closure, OpeningHours, TimeRange, WeeklySchedule } from './opening-hours.js';

/** `[["09:00","12:30"],["13:30","18:00"]]`: local ranges of a day; "24:00" may end one. */
export const DAY_RANGES_SCHEMA = {
  type: 'array',
  items: {
    type: 'array',
    items: { type: 'string', pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' },
    minItems: 2,
    maxItems: 2,
  },
  example: [
    ['09:00', '12:30'],
    ['13:30', '18:00'],
  ],
} as const;

export class WeeklyScheduleView implements WeeklySchedule {
  @ApiProperty(DAY_RANGES_SCHEMA) mon: TimeRange[];
  @ApiProperty(DAY_RANGES_SCHEMA) tue: TimeRange[];
  @ApiProperty(DAY_RANGES_SCHEMA) wed: TimeRange[];
  @ApiProperty(DAY_RANGES_SCHEMA) thu: TimeRange[];
  @ApiProperty(DAY_RANGES_SCHEMA) fri: TimeRange[];
  @ApiProperty(DAY_RANGES_SCHEMA) sat: TimeRange[];
  @ApiProperty(DAY_RANGES_SCHEMA) sun: TimeRange[];
}

export class ClosureView implements Closure {
  @ApiProperty({ example: '2025-12-24', description: 'a local date (whole day) or an ISO 8601 instant' })
  from: string;

  @ApiProperty({ example: '2026-01-01', description: 'a local date (whole day, included) or an ISO 8601 instant' })
  to: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Vacances de fin d’année' })
  reason: string | null;
}

/** What GET /settings/opening-hours shows: the schedule, its time zone and who last edited it. */
export class OpeningHoursView implements OpeningHours {
  @ApiProperty({ type: WeeklyScheduleView, description: 'local opening ranges per day in `timezone`; [] is closed' })
  weekly: WeeklyScheduleView;

  @ApiProperty({ type: [ClosureView] })
  closures: ClosureView[];

  @ApiProperty({ example: 'Europe/Paris' })
  timezone: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null while the default of config/opening-hours.json applies' })
  updatedAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  updatedBy: string | null;
}
