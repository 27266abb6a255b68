import { ApiProperty } from '@nestjs/swagger';

/** The soonest preventive maintenance of a machine, as shown in its representation. */
export class NextMaintenance {
  @ApiProperty({ format: 'uuid' })
  planId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: ['due', 'due_soon', 'ok'], description: '`due`: a trigger is reached; `due_soon`: within 7 days or 10% of the usage interval' })
  status: 'due' | 'due_soon' | 'ok';

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'when the calendar trigger is reached (null for a plan on usage hours only)' })
  dueAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'usage hours left before the usage trigger (negative when overdue; null without one)' })
  usageHoursLeft: number | null;

  @ApiProperty()
  reason: string;
}

/** Machines whose next maintenance is wanted: id and current meter. */
export interface MachineMeter {
  id: string;
  usageHours: number;
}
