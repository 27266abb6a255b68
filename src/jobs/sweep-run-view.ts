import { ApiProperty } from '@nestjs/swagger';
import { SWEEP_JOBS, type SweepJobName } from '../common/queues/queues.constants.js';

/** What POST /admin/jobs/:name/run answers: the sweep, when it ran, and what it did. */
export class SweepRunView {
  @ApiProperty({ enum: SWEEP_JOBS })
  job: SweepJobName;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ format: 'date-time' })
  finishedAt: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'counts and facts of the run, per sweep: numbers, strings, booleans or null (e.g. {"notified": 3, "ordersOpened": 1})',
  })
  outcome: Record<string, number | string | boolean | null>;
}
