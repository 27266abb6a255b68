import { Injectable, Logger } from '@nestjs/common';
import { type FindOptionsWhere, In, type Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../common/errors/database-errors.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { RawReader } from '../database/raw-reader.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { type CreateMachineDto, MACHINE_CODE_PATTERN } from './dto/create-machine.dto.js';
import type { ListMachinesQuery } from './dto/list-machines.query.js';
import type { UpdateMachineDto } from './dto/update-machine.dto.js';
import type { MachineStatus, StatusChangeSource } from './machine-status.js';
import { MachineStatusChange } from './machine-status-change.entity.js';
import { type StatusChangeView, toStatusChangeView } from './machine-view.js';
import { Machine } from './machine.entity.js';

/** Who and what caused a change, for the histories. */
export interface ChangeOrigin {
  actorId?: string | null;
  sourceId?: string | null;
  at?: Date;
}

/**
 * The machine catalogue and its status (every change kept, with who, when and why).
 * Maintenance changes the status only through this service; inside its transaction, the calls
 * join it. The usage meter is MachineMeterService.
 */
@Injectable()
export class MachinesService {
  private readonly logger = new Logger(MachinesService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly raw: RawReader,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  // Repositories of the surrounding transaction when there is one, so a caller's transaction
  // (maintenance, bookings) reads what it has just written.
  private get machines(): Repository<Machine> {
    return this.tx.manager.getRepository(Machine);
  }

  private get statusChanges(): Repository<MachineStatusChange> {
    return this.tx.manager.getRepository(MachineStatusChange);
  }


  async create(dto: CreateMachineDto, actorId: string): Promise<Machine> {
    await this.assertCodeFree(dto.code);
    try {
      return await this.tx.run(async () => {
        const machine = await this.tx.manager.getRepository(Machine).save(
          this.tx.manager.getRepository(Machine).create({
            code: dto.code,
            name: dto.name,
            category: dto.category,
            status: 'available',
            location: dto.location || null,
            requiresQualification: dto.requiresQualification ?? true,
            usageHours: 0,
            notes: dto.notes || null,
          }),
        );
        await this.recordStatusChange(machine, null, 'available', 'Machine added to the catalogue', 'created', {
          actorId,
          at: machine.createdAt,
        });
        return machine;
      });
    } catch (error) {
      throw this.codeConflictOr(error, dto.code);
    }
  }

  /** A page of the catalogue (their representation, with the next maintenance, is MachineViewsService's). */
  async list(query: ListMachinesQuery): Promise<Page<Machine>> {
    const where: FindOptionsWhere<Machine> = {};
    if (query.status) where.status = query.status;
    if (query.category) where.category = query.category;
    const [items, total] = await this.machines.findAndCount({
      where,
      order: { code: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items, total, query);
  }

  /** Every machine, by code: for fablab-wide reports (a fablab has tens of machines). */
  async listAll(): Promise<Machine[]> {
    return this.machines.find({ order: { code: 'ASC' } });
  }

  async get(id: string): Promise<Machine> {
    const machine = await this.machines.findOneBy({ id });
    if (!machine) throw DomainError.notFound('Machine');
    return machine;
  }

  /** A machine by the code on its label (`/m/LASER-01`, the QR code's address); any case. */
  async getByCode(code: string): Promise<Machine> {
    const machine = MACHINE_CODE_PATTERN.test(code.toUpperCase()) ? await this.machines.findOneBy({ code: code.toUpperCase() }) : null;
    if (!machine) throw DomainError.notFound('Machine');
    return machine;
  }

  /**
   * The machine's status alone (404 when unknown), read raw: availability asks it on every
   * request, where loading the entity through the ORM cost more than the rest of the answer's reads.
   */
  async statusOf(id: string): Promise<MachineStatus> {
    const [row] = await this.raw.rows<{ status: MachineStatus }>('SELECT status FROM machines WHERE id = :id', { id });
    if (!row) throw DomainError.notFound('Machine');
    return row.status;
  }

  async exists(id: string): Promise<boolean> {
    return this.machines.existsBy({ id });
  }

  async findMany(ids: string[]): Promise<Machine[]> {
    if (ids.length === 0) return [];
    return this.machines.findBy({ id: In([...new Set(ids)]) });
  }

  async update(id: string, dto: UpdateMachineDto): Promise<Machine> {
    const machine = await this.get(id);
    if (dto.code !== undefined && dto.code !== machine.code) await this.assertCodeFree(dto.code);
    if (dto.code !== undefined) machine.code = dto.code;
    if (dto.name !== undefined) machine.name = dto.name;
    if (dto.category !== undefined) machine.category = dto.category;
    if (dto.location !== undefined) machine.location = dto.location || null;
    if (dto.requiresQualification !== undefined) machine.requiresQualification = dto.requiresQualification;
    if (dto.notes !== undefined) machine.notes = dto.notes || null;
    try {
      return await this.tx.run(() => this.machines.save(machine));
    } catch (error) {
      throw this.codeConflictOr(error, machine.code);
    }
  }

  /**
   * Sets the status and records the change. Setting the current status again is refused
   * (422 INVALID_TRANSITION): the history holds changes only.
   */
  async changeStatus(
    id: string,
    status: MachineStatus,
    reason: string,
    source: StatusChangeSource,
    origin: ChangeOrigin = {},
  ): Promise<Machine> {
    const { machine, changed } = await this.ensureStatus(id, status, reason, source, origin);
    if (!changed) throw new DomainError('INVALID_TRANSITION', `The machine is already ${status}`);
    return machine;
  }

  /** Sets the status unless it already is; returns whether it changed. Joins the caller's transaction. */
  async ensureStatus(
    id: string,
    status: MachineStatus,
    reason: string,
    source: StatusChangeSource,
    origin: ChangeOrigin = {},
  ): Promise<{ machine: Machine; changed: boolean }> {
    return this.tx.run(async () => {
      const machine = await this.lock(id);
      if (machine.status === status) return { machine, changed: false };
      const previous = machine.status;
      machine.status = status;
      const saved = await this.tx.manager.getRepository(Machine).save(machine);
      const change = await this.recordStatusChange(saved, previous, status, reason, source, origin);
      await this.events.emit('machine.status-changed', { machineId: id, changeId: change.id, from: previous, to: status, source, at: change.changedAt });
      this.logger.log({ machineId: id, from: previous, to: status, source }, 'machine status changed');
      return { machine: saved, changed: true };
    });
  }

  /**
   * For a caller's transaction that changes what a machine's status depends on (its work
   * orders): reads the machine and, on PostgreSQL, locks its row until that transaction ends,
   * so two such use cases on one machine run one after the other.
   */
  async lockForChange(id: string): Promise<Machine> {
    return this.tx.run(() => this.lock(id));
  }

  /** lockForChange, or null when there is no such machine. */
  async findForChange(id: string): Promise<Machine | null> {
    // Raw (every booking runs it, inside its transaction): the row read and locked as lockedRow does.
    const [row] = await this.tx.run(() => this.raw.rows(`SELECT * FROM machines WHERE id = :id${this.tx.isSqlite ? '' : ' FOR UPDATE'}`, { id }));
    return row ? this.raw.hydrate(Machine, row) : null;
  }

  async statusHistory(id: string, query: PaginationQuery): Promise<Page<StatusChangeView>> {
    await this.get(id);
    const [items, total] = await this.statusChanges.findAndCount({
      where: { machineId: id },
      order: { changedAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(toStatusChangeView), total, query);
  }

  /** One row of a status history (null when unknown). */
  async statusChange(id: string): Promise<MachineStatusChange | null> {
    return this.statusChanges.findOneBy({ id });
  }

  /**
   * GDPR erasure, inside its transaction: the status changes that came from these sources (an
   * erased person's incident reports, whose words became the reason) read `reason` instead.
   * Returns the ids of the changes touched.
   */
  async redactReasonsOf(source: StatusChangeSource, sourceIds: string[], reason: string): Promise<string[]> {
    if (sourceIds.length === 0) return [];
    const changes = await this.statusChanges.find({ select: { id: true }, where: { source, sourceId: In(sourceIds) } });
    const ids = changes.map((change) => change.id);
    if (ids.length > 0) await this.statusChanges.update({ id: In(ids) }, { reason: reason.slice(0, 500) });
    return ids;
  }

  /** The whole status history, oldest first (metrics). */
  async statusTimeline(id: string): Promise<MachineStatusChange[]> {
    return this.statusChanges.find({ where: { machineId: id }, order: { changedAt: 'ASC' } });
  }

  /**
   * Reads the machine for a change, locking its row until the transaction ends on PostgreSQL
   * (concurrent status or meter changes queue up); SQLite transactions are already serialised.
   */
  private async lock(id: string): Promise<Machine> {
    const machine = await this.lockedRow(id);
    if (!machine) throw DomainError.notFound('Machine');
    return machine;
  }

  private async lockedRow(id: string): Promise<Machine | null> {
    const query = this.machines.createQueryBuilder('m').where('m.id = :id', { id });
    if (!this.tx.isSqlite) query.setLock('pessimistic_write');
    return query.getOne();
  }

  private async recordStatusChange(
    machine: Machine,
    fromStatus: MachineStatus | null,
    toStatus: MachineStatus,
    reason: string,
    source: StatusChangeSource,
    origin: ChangeOrigin,
  ): Promise<MachineStatusChange> {
    const changes = this.statusChanges;
    const change = changes.create({
        machineId: machine.id,
        fromStatus,
        toStatus,
        reason: reason.slice(0, 500),
        source,
        sourceId: origin.sourceId ?? null,
        changedBy: origin.actorId ?? null,
        changedAt: origin.at ?? this.clock.now(),
    });
    await changes.insert(change);
    return change;
  }

  private async assertCodeFree(code: string): Promise<void> {
    if (await this.machines.existsBy({ code })) {
      throw new DomainError('CONFLICT', `A machine with code ${code} already exists`, { field: 'code' });
    }
  }

  private codeConflictOr(error: unknown, code: string): unknown {
    return isUniqueViolation(error)
      ? new DomainError('CONFLICT', `A machine with code ${code} already exists`, { field: 'code' })
      : error;
  }
}
