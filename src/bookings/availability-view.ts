import { ApiProperty } from '@nestjs/swagger';
import { MACHINE_STATUSES, type MachineStatus } from '../machines/machine-status.js';

export class SlotView {
  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;
}

/** GET /machines/:id/availability. */
export class AvailabilityView {
  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ enum: MACHINE_STATUSES, enumName: 'MachineStatus', description: "the machine's status now; only an `available` machine takes bookings" })
  status: MachineStatus;

  @ApiProperty()
  available: boolean;

  @ApiProperty()
  timezone: string;

  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  to: string;

  @ApiProperty({
    type: [SlotView],
    description:
      'free intervals from max(from, now) to `to`: opening hours minus confirmed bookings, closures and maintenance windows; empty when the machine is not available',
  })
  free: SlotView[];

  @ApiProperty({ type: [SlotView], description: 'maintenance windows of the machine in the range (they block bookings)' })
  maintenance: SlotView[];
}
