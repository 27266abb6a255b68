import { ApiProperty } from '@nestjs/swagger';
import { MACHINE_CATEGORIES, type MachineCategory } from '../common/machine-category.js';
import { MachineMetricsView } from '../machines/machine-metrics-view.js';
import { MACHINE_STATUSES, type MachineStatus } from '../machines/machine-status.js';

export class MachineStatsItem extends MachineMetricsView {
  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: MACHINE_CATEGORIES, enumName: 'MachineCategory' })
  category: MachineCategory;

  @ApiProperty({ enum: MACHINE_STATUSES, enumName: 'MachineStatus' })
  status: MachineStatus;
}

/** GET /stats/machines: the metrics of every machine over one period. */
export class MachinesStatsView {
  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  to: string;

  @ApiProperty({ type: [MachineStatsItem] })
  items: MachineStatsItem[];
}
