import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/http/pagination.js';
import { MACHINE_CATEGORIES, type MachineCategory } from '../../common/machine-category.js';
import { MACHINE_STATUSES, type MachineStatus } from '../machine-status.js';

export class ListMachinesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: MACHINE_STATUSES })
  @IsOptional()
  @IsIn(MACHINE_STATUSES, { message: `status must be one of ${MACHINE_STATUSES.join(', ')}` })
  status?: MachineStatus;

  @ApiPropertyOptional({ enum: MACHINE_CATEGORIES })
  @IsOptional()
  @IsIn(MACHINE_CATEGORIES, { message: `category must be one of ${MACHINE_CATEGORIES.join(', ')}` })
  category?: MachineCategory;
}
