import { ApiProperty } from '@nestjs/swagger';

/** GET/PUT /settings/targets/:year. */
export class YearTargetView {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ type: 'integer', example: 500, description: 'young people to reach in the year (default 500)' })
  target: number;
}
