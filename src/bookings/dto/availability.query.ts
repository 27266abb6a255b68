import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class AvailabilityQuery {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'start (ISO 8601; without an offset: local time in APP_TIMEZONE). Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-08', description: 'end, excluded; at most 31 days after from. Default: 7 days after from.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}
