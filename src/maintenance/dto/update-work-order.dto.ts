import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const INSTANT = 'an ISO 8601 date-time (without an offset: local time in APP_TIMEZONE)';

/** Edits an unfinished order. `dueAt`, `description` and the window (both ends) may be cleared with null. */
export class UpdateWorkOrderDto {
  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: INSTANT, example: '2026-12-15T09:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `dueAt must be ${INSTANT}` })
  dueAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: INSTANT, example: '2026-12-15T09:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `windowStart must be ${INSTANT}` })
  windowStart?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: INSTANT, example: '2026-12-15T12:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `windowEnd must be ${INSTANT}` })
  windowEnd?: string | null;
}
