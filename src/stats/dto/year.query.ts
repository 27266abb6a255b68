import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class YearQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'calendar year in APP_TIMEZONE; default: the current one', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole year such as 2026' })
  @Min(2000)
  @Max(2100)
  year?: number;
}
