import { randomUUID } from 'node:crypto';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WorkOrderStatus } from './work-order-transitions.js';

/** One step of a work order's life (created, started, held, completed, cancelled): append-only. */
@Entity('work_order_events')
@Index('IDX_work_order_events_order', ['workOrderId', 'at'])
export class WorkOrderEvent {
  @PrimaryColumn('varchar', { length: 36 })
  id: string = randomUUID();

  @Column('varchar', { length: 36 })
  workOrderId: string;

  @Column('varchar', { length: 16, nullable: true })
  fromStatus: WorkOrderStatus | null;

  @Column('varchar', { length: 16 })
  toStatus: WorkOrderStatus;

  @Column('varchar', { length: 500, nullable: true })
  note: string | null;

  @Column('varchar', { length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
