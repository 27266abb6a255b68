import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class ReportQuery {
  @ApiPropertyOptional({
    example: '2025-09-01',
    description:
      'start of the period (ISO 8601; without an offset, local time in APP_TIMEZONE; a date alone is that midnight). ' +
      'Default: 1 January of the current year, or one year before `to`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-09-01',
    description: 'end of the period, excluded (same format). Default: one year after `from`. At most 366 days after `from`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}
