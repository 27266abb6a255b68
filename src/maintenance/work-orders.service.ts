import { Injectable, Logger } from '@nestjs/common';
import { type FindOptionsWhere, In, LessThan, MoreThan, Not, type Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { type Page, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachineMeterService } from '../machines/machine-meter.service.js';
import { MachinesService } from '../machines/machines.service.js';
import type { CompleteWorkOrderDto } from './dto/complete-work-order.dto.js';
import type { CreateWorkOrderDto } from './dto/create-work-order.dto.js';
import type { ListWorkOrdersQuery } from './dto/list-work-orders.query.js';
import type { UpdateWorkOrderDto } from './dto/update-work-order.dto.js';
import { checkWindow, readInstantField } from './maintenance-window.js';
import { MaintenancePlan } from './maintenance-plan.entity.js';
import { MaintenancePlansService } from './maintenance-plans.service.js';
import { toWorkOrderView, type WorkOrderView } from './maintenance-views.js';
import { WorkOrderEvent } from './work-order-event.entity.js';
import type { WorkOrderKind } from './work-order-kind.js';
import {
  nextWorkOrderStatus,
  UNFINISHED_STATUSES,
  WORK_ORDER_TRANSITIONS,
  type WorkOrderAction,
  type WorkOrderStatus,
} from './work-order-transitions.js';
import { WorkOrder } from './work-order.entity.js';

const DONE_VERB: Record<WorkOrderAction, string> = {
  start: 'started',
  hold: 'put on hold',
  complete: 'completed',
  cancel: 'cancelled',
};

/** A maintenance window that blocks bookings of a machine. */
export interface MaintenanceWindow {
  workOrderId: string;
  start: Date;
  end: Date;
}

/**
 * Work orders: preventive, corrective, inspection. Their life follows WORK_ORDER_TRANSITIONS;
 * completing one feeds the meter, resets its plan, and brings an out-of-order machine back
 * when it was its last unfinished corrective order. Every step is kept in work_order_events.
 */
@Injectable()
export class WorkOrdersService {
  private readonly logger = new Logger(WorkOrdersService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly machines: MachinesService,
    private readonly meter: MachineMeterService,
    private readonly plans: MaintenancePlansService,
    private readonly domainEvents: DomainEvents,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private get orders(): Repository<WorkOrder> {
    return this.tx.manager.getRepository(WorkOrder);
  }

  private get events(): Repository<WorkOrderEvent> {
    return this.tx.manager.getRepository(WorkOrderEvent);
  }

  async create(dto: CreateWorkOrderDto, actorId: string): Promise<WorkOrderView> {
    const errors: FieldError[] = [];
    const dueAt = this.readInstant(dto.dueAt, 'dueAt', errors);
    const window = checkWindow(this.readInstant(dto.windowStart, 'windowStart', errors), this.readInstant(dto.windowEnd, 'windowEnd', errors), errors);
    if (!(await this.machines.exists(dto.machineId))) {
      errors.push({ field: 'machineId', message: 'no machine has this id' });
    }
    let checklist: string[] = [];
    if (dto.planId) {
      const plan = await this.plans.get(dto.planId);
      if (dto.kind !== 'preventive') {
        errors.push({ field: 'planId', message: 'only a preventive work order carries out a plan' });
      } else if (!plan || plan.machineId !== dto.machineId) {
        errors.push({ field: 'planId', message: 'no maintenance plan of this machine has this id' });
      } else {
        checklist = plan.checklist;
      }
    }
    if (errors.length > 0) throw DomainError.validation(errors);

    const order = await this.open(
      {
        machineId: dto.machineId,
        kind: dto.kind,
        title: dto.title,
        description: dto.description ?? null,
        planId: dto.planId ?? null,
        incidentId: null,
        dueAt,
        windowStart: window?.start ?? null,
        windowEnd: window?.end ?? null,
        checklist,
      },
      actorId,
    );
    return this.detail(order.id);
  }

  /**
   * A plan is carried out by one work order at a time: a second one while the first is open, in
   * progress or on hold is 409 CONFLICT (details.openWorkOrderId) — two taps on "Lancer", or two
   * people at once. The plan's row is locked first on PostgreSQL; SQLite transactions are serialised.
   */
  private async assertNoUnfinishedOrder(planId: string): Promise<void> {
    const plan = this.tx.manager.getRepository(MaintenancePlan).createQueryBuilder('p').select('p.id').where('p.id = :planId', { planId });
    if (!this.tx.isSqlite) plan.setLock('pessimistic_write');
    await plan.getOne();
    const open = await this.orders.findOne({
      select: { id: true },
      where: { planId, status: In([...UNFINISHED_STATUSES]) },
    });
    if (open) {
      throw new DomainError('CONFLICT', 'This maintenance plan already has a work order under way', { openWorkOrderId: open.id });
    }
  }

  /**
   * Opens a work order and records its first event; a window is announced as machine.disrupted.
   * Joins the caller's transaction (a blocking incident opens its corrective order this way).
   */
  async open(
    fields: Pick<
      WorkOrder,
      'machineId' | 'kind' | 'title' | 'description' | 'planId' | 'incidentId' | 'dueAt' | 'windowStart' | 'windowEnd'
    > & { checklist: string[] },
    actorId: string | null,
  ): Promise<WorkOrder> {
    return this.tx.run(async () => {
      const orders = this.tx.manager.getRepository(WorkOrder);
      if (fields.planId) await this.assertNoUnfinishedOrder(fields.planId);
      const order = await orders.save(
        orders.create({
          ...fields,
          status: 'open',
          checklist: fields.checklist.map((item) => ({ item, done: false })),
          notes: null,
          usageHoursAtCompletion: null,
          createdBy: actorId,
          startedAt: null,
          completedAt: null,
          completedBy: null,
          cancelledAt: null,
          createdAt: this.clock.now(), // the app's one clock, like the order's later events
        }),
      );
      await this.recordEvent(order.id, null, 'open', null, actorId, order.createdAt);
      if (order.windowStart && order.windowEnd) {
        await this.domainEvents.emit('machine.disrupted', {
          machineId: order.machineId,
          from: order.windowStart,
          to: order.windowEnd,
          cause: 'maintenance_window',
          causeId: order.id,
        });
      }
      this.logger.log({ workOrderId: order.id, machineId: order.machineId, kind: order.kind }, 'work order opened');
      return order;
    });
  }

  async list(query: ListWorkOrdersQuery): Promise<Page<WorkOrderView>> {
    const where: FindOptionsWhere<WorkOrder> = {};
    if (query.machineId) where.machineId = query.machineId;
    if (query.status) where.status = query.status;
    if (query.kind) where.kind = query.kind;
    if (query.planId) where.planId = query.planId;
    const [items, total] = await this.orders.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map((o) => toWorkOrderView(o)), total, query);
  }

  async get(id: string): Promise<WorkOrder> {
    const order = await this.orders.findOneBy({ id });
    if (!order) throw DomainError.notFound('Work order');
    return order;
  }

  /** The order with its history. */
  async detail(id: string): Promise<WorkOrderView> {
    const order = await this.get(id);
    const events = await this.events.find({ where: { workOrderId: id }, order: { at: 'ASC', id: 'ASC' } });
    return toWorkOrderView(order, events);
  }

  /** Edits an unfinished order; a new or moved window is announced as machine.disrupted. */
  async update(id: string, dto: UpdateWorkOrderDto): Promise<WorkOrderView> {
    const existing = await this.get(id);
    const errors: FieldError[] = [];
    const dueAt = dto.dueAt === undefined ? existing.dueAt : this.readInstant(dto.dueAt ?? undefined, 'dueAt', errors);
    const start = dto.windowStart === undefined ? existing.windowStart : this.readInstant(dto.windowStart ?? undefined, 'windowStart', errors);
    const end = dto.windowEnd === undefined ? existing.windowEnd : this.readInstant(dto.windowEnd ?? undefined, 'windowEnd', errors);
    const window = checkWindow(start, end, errors);
    if (errors.length > 0) throw DomainError.validation(errors);

    await this.tx.run(async () => {
      await this.machines.lockForChange(existing.machineId);
      const order = await this.get(id);
      if (!UNFINISHED_STATUSES.includes(order.status)) {
        throw new DomainError('INVALID_TRANSITION', `A ${order.status} work order cannot be edited`, { status: order.status });
      }
      const windowMoved =
        window !== null &&
        (order.windowStart?.getTime() !== window.start.getTime() || order.windowEnd?.getTime() !== window.end.getTime());
      if (dto.title !== undefined) order.title = dto.title;
      if (dto.description !== undefined) order.description = dto.description || null;
      order.dueAt = dueAt;
      order.windowStart = window?.start ?? null;
      order.windowEnd = window?.end ?? null;
      await this.tx.manager.getRepository(WorkOrder).save(order);
      if (window && windowMoved) {
        await this.domainEvents.emit('machine.disrupted', {
          machineId: order.machineId,
          from: window.start,
          to: window.end,
          cause: 'maintenance_window',
          causeId: order.id,
        });
      }
    });
    return this.detail(id);
  }

  async start(id: string, actorId: string, reason?: string): Promise<WorkOrderView> {
    await this.move(id, 'start', actorId, reason ?? null);
    return this.detail(id);
  }

  async hold(id: string, actorId: string, reason?: string): Promise<WorkOrderView> {
    await this.move(id, 'hold', actorId, reason ?? null);
    return this.detail(id);
  }

  async cancel(id: string, actorId: string, reason?: string): Promise<WorkOrderView> {
    await this.move(id, 'cancel', actorId, reason ?? null);
    return this.detail(id);
  }

  /**
   * Completes an order, in one transaction: notes and checklist results; the meter reading if
   * given (409 METER_DECREASE undoes everything); a preventive order resets its plan (last
   * completion = now and the meter); the machine's last unfinished corrective order brings an
   * `out_of_order` machine back to `available`, with a status-history entry.
   */
  async complete(id: string, dto: CompleteWorkOrderDto, actorId: string): Promise<WorkOrderView> {
    await this.tx.run(async () => {
      const order = await this.move(id, 'complete', actorId, null, async (o, now) => {
        if (dto.usageHours !== undefined) {
          await this.meter.recordReading(o.machineId, dto.usageHours, 'work_order', { actorId, sourceId: o.id, at: now });
        }
        o.notes = dto.notes?.trim() || null;
        if (dto.checklist) o.checklist = dto.checklist.map((c) => ({ item: c.item, done: c.done }));
        o.completedAt = now;
        o.completedBy = actorId;
        o.usageHoursAtCompletion = (await this.machines.get(o.machineId)).usageHours;
      });
      if (order.kind === 'preventive' && order.planId) {
        await this.plans.markCompleted(order.planId, order.completedAt ?? this.clock.now(), order.usageHoursAtCompletion ?? 0, order.id);
      }
      if (order.kind === 'corrective') await this.returnMachineIfRepaired(order, actorId);
    });
    return this.detail(id);
  }

  /** Unfinished orders' windows on a machine overlapping [from, to): bookings refuse them. */
  async activeWindows(machineId: string, from: Date, to: Date): Promise<MaintenanceWindow[]> {
    const orders = await this.orders.find({
      where: {
        machineId,
        status: In([...UNFINISHED_STATUSES]),
        windowStart: LessThan(to),
        windowEnd: MoreThan(from),
      },
      order: { windowStart: 'ASC' },
    });
    return orders.map((o) => ({ workOrderId: o.id, start: o.windowStart as Date, end: o.windowEnd as Date }));
  }

  /** Unfinished corrective orders of a machine (other than `exceptId`). */
  async countUnfinishedCorrective(machineId: string, exceptId?: string): Promise<number> {
    return this.orders.count({
      where: {
        machineId,
        kind: 'corrective' satisfies WorkOrderKind,
        status: In([...UNFINISHED_STATUSES]),
        ...(exceptId ? { id: Not(exceptId) } : {}),
      },
    });
  }

  private async returnMachineIfRepaired(order: WorkOrder, actorId: string): Promise<void> {
    const machine = await this.machines.get(order.machineId);
    if (machine.status !== 'out_of_order') return;
    if ((await this.countUnfinishedCorrective(order.machineId, order.id)) > 0) return;
    await this.machines.ensureStatus(order.machineId, 'available', `Réparation terminée : ${order.title}`, 'work_order', {
      actorId,
      sourceId: order.id,
      at: order.completedAt ?? this.clock.now(),
    });
  }

  /**
   * Applies an action if the table allows it from the current status (else 422
   * INVALID_TRANSITION), with the machine locked so moves on one machine are serialised.
   */
  private async move(
    id: string,
    action: WorkOrderAction,
    actorId: string,
    note: string | null,
    apply?: (order: WorkOrder, now: Date) => Promise<void>,
  ): Promise<WorkOrder> {
    const { machineId } = await this.get(id);
    return this.tx.run(async () => {
      await this.machines.lockForChange(machineId);
      const order = await this.get(id);
      const next = nextWorkOrderStatus(order.status, action);
      if (!next) {
        throw new DomainError('INVALID_TRANSITION', `A ${order.status} work order cannot be ${DONE_VERB[action]}`, {
          status: order.status,
          action,
          allowedFrom: WORK_ORDER_TRANSITIONS[action].from,
        });
      }
      const now = this.clock.now();
      const previous = order.status;
      order.status = next;
      if (action === 'start' && !order.startedAt) order.startedAt = now;
      if (action === 'cancel') order.cancelledAt = now;
      if (apply) await apply(order, now);
      const saved = await this.tx.manager.getRepository(WorkOrder).save(order);
      await this.recordEvent(order.id, previous, next, note?.trim() || null, actorId, now);
      return saved;
    });
  }

  private async recordEvent(
    workOrderId: string,
    fromStatus: WorkOrderStatus | null,
    toStatus: WorkOrderStatus,
    note: string | null,
    actorId: string | null,
    at: Date,
  ): Promise<void> {
    await this.events.insert(this.events.create({ workOrderId, fromStatus, toStatus, note, actorId, at }));
  }

  private readInstant(value: string | undefined, field: string, errors: FieldError[]): Date | null {
    return readInstantField(value, field, this.config.timezone, errors);
  }
}
