import { ApiProperty } from '@nestjs/swagger';
import type { MachineMetrics } from './machine-metrics.js';

/** Reliability and utilisation of a machine over a period (formulas in machine-metrics.ts). */
export class MachineMetricsView implements MachineMetrics {
  @ApiProperty({ format: 'uuid' })
  machineId: string;

  @ApiProperty({ format: 'date-time', description: 'start of the measured period' })
  from: string;

  @ApiProperty({ format: 'date-time', description: 'end of the measured period: never later than the request' })
  to: string;

  @ApiProperty({ description: 'opening hours in the period' })
  openHours: number;

  @ApiProperty({ description: 'hours out_of_order or in maintenance, within opening hours' })
  downtimeHours: number;

  @ApiProperty({ type: Number, nullable: true, description: '(open − downtime) / open × 100; null without opening hours' })
  availabilityPct: number | null;

  @ApiProperty({ type: 'integer', description: 'moves into out_of_order' })
  failures: number;

  @ApiProperty({ type: Number, nullable: true, description: 'mean time between failures; null without failures' })
  mtbfHours: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'mean length of the out_of_order periods that ended in the period' })
  mttrHours: number | null;

  @ApiProperty({ description: 'confirmed and completed bookings within opening hours' })
  bookedHours: number;

  @ApiProperty({ type: Number, nullable: true, description: 'booked / (open − downtime) × 100' })
  utilisationPct: number | null;

  @ApiProperty({ description: 'the meter at the end of the period' })
  usageHours: number;
}
