import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class MetricsQuery {
  @ApiPropertyOptional({
    example: '2025-03-01',
    description: 'start of the period (ISO 8601; without an offset: local time in APP_TIMEZONE). Default: 30 days before `to`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01', description: 'end of the period, excluded. Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}
