import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/http/pagination.js';
import { WORK_ORDER_KINDS, type WorkOrderKind } from '../work-order-kind.js';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../work-order-transitions.js';

export class ListWorkOrdersQuery extends PaginationQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  machineId?: string;

  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES })
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES, { message: `status must be one of ${WORK_ORDER_STATUSES.join(', ')}` })
  status?: WorkOrderStatus;

  @ApiPropertyOptional({ enum: WORK_ORDER_KINDS })
  @IsOptional()
  @IsIn(WORK_ORDER_KINDS, { message: `kind must be one of ${WORK_ORDER_KINDS.join(', ')}` })
  kind?: WorkOrderKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  planId?: string;
}
