import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { WORK_ORDER_KINDS, type WorkOrderKind } from '../work-order-kind.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const INSTANT = 'an ISO 8601 date-time (without an offset: local time in APP_TIMEZONE)';

export class CreateWorkOrderDto {
  @ApiProperty()
  @IsUUID('all', { message: 'machineId must be a machine id' })
  machineId: string;

  @ApiProperty({ enum: WORK_ORDER_KINDS })
  @IsIn(WORK_ORDER_KINDS, { message: `kind must be one of ${WORK_ORDER_KINDS.join(', ')}` })
  kind: WorkOrderKind;

  @ApiProperty({ example: 'Remplacer la buse' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ description: 'the preventive plan this order carries out (preventive orders only)' })
  @IsOptional()
  @IsUUID('all', { message: 'planId must be a maintenance plan id' })
  planId?: string;

  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `dueAt must be ${INSTANT}` })
  dueAt?: string;

  @ApiPropertyOptional({ description: `start of the maintenance window: ${INSTANT}; with windowEnd` })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `windowStart must be ${INSTANT}` })
  windowStart?: string;

  @ApiPropertyOptional({ description: `end of the maintenance window, after windowStart: ${INSTANT}` })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `windowEnd must be ${INSTANT}` })
  windowEnd?: string;
}
