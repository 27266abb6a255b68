import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/http/pagination.js';

export class DueQuery extends PaginationQuery {
  @ApiPropertyOptional({
    description: 'assess the plans at this moment instead of now (ISO 8601; without an offset: local time): "what will be due next week"',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date or date-time' })
  at?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  machineId?: string;
}
