import { Injectable, Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { MachineStatus } from '../machines/machine-status.js';
import { MachinesService } from '../machines/machines.service.js';
import type { CreateIncidentDto } from './dto/create-incident.dto.js';
import { Incident } from './incident.entity.js';
import { type IncidentReportView, type IncidentView, toIncidentView } from './maintenance-views.js';
import { WorkOrder } from './work-order.entity.js';
import { WorkOrdersService } from './work-orders.service.js';

/** What an erased person's incident reports read afterwards. */
export const ERASED_DESCRIPTION = '[description effacée à la demande de la personne]';

const excerpt = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** A blocking report's words, as its corrective work order's title and the machine's status reason. */
const blockingTitle = (description: string) => excerpt(`Incident bloquant : ${description}`, 160);
const blockingReason = (description: string) => excerpt(`Incident bloquant : ${description}`, 500);

/** Incidents reported on machines, by anyone. */
@Injectable()
export class IncidentsService {
  private readonly logger = new Logger(IncidentsService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly machines: MachinesService,
    private readonly workOrders: WorkOrdersService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  private get incidents(): Repository<Incident> {
    return this.tx.manager.getRepository(Incident);
  }

  /**
   * Records an incident. A `blocking` one, in the same transaction: puts the machine
   * `out_of_order` (status history, source `incident`), opens a corrective work order, and
   * announces the disruption (from now, open-ended) as machine.disrupted, where bookings flag
   * and notify the bookings it breaks. A retired machine takes no reports (422 MACHINE_UNAVAILABLE).
   */
  async report(machineId: string, dto: CreateIncidentDto, reporterId: string): Promise<IncidentReportView> {
    await this.machines.get(machineId);
    return this.tx.run(async () => {
      const machine = await this.machines.lockForChange(machineId);
      if (machine.status === 'retired') {
        throw new DomainError('MACHINE_UNAVAILABLE', 'This machine is retired: it takes no incident reports');
      }
      const reportedAt = this.clock.now();
      const incidents = this.tx.manager.getRepository(Incident);
      const incident = incidents.create({
        machineId,
        severity: dto.severity,
        description: dto.description,
        reportedBy: reporterId,
        reportedAt,
        workOrderId: null,
      });
      await incidents.insert(incident);
      let status: MachineStatus = machine.status;

      if (dto.severity === 'blocking') {
        const order = await this.workOrders.open(
          {
            machineId,
            kind: 'corrective',
            title: blockingTitle(dto.description),
            description: dto.description,
            planId: null,
            incidentId: incident.id,
            dueAt: null,
            windowStart: null,
            windowEnd: null,
            checklist: [],
          },
          reporterId,
        );
        incident.workOrderId = order.id;
        await incidents.update({ id: incident.id }, { workOrderId: order.id });
        const result = await this.machines.ensureStatus(
          machineId,
          'out_of_order',
          blockingReason(dto.description),
          'incident',
          { actorId: reporterId, sourceId: incident.id, at: reportedAt },
        );
        status = result.machine.status;
        await this.events.emit('machine.disrupted', { machineId, from: reportedAt, to: null, cause: 'incident', causeId: incident.id });
      }
      this.logger.log({ incidentId: incident.id, machineId, severity: dto.severity }, 'incident reported');
      return { ...toIncidentView(incident), machineStatus: status };
    });
  }

  async list(machineId: string, query: PaginationQuery): Promise<Page<IncidentView>> {
    await this.machines.get(machineId);
    const [items, total] = await this.incidents.findAndCount({
      where: { machineId },
      order: { reportedAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(toIncidentView), total, query);
  }

  /** GDPR export: the incidents this account reported. */
  async reportedBy(userId: string): Promise<IncidentView[]> {
    const items = await this.incidents.find({ where: { reportedBy: userId }, order: { reportedAt: 'ASC', id: 'ASC' } });
    return items.map(toIncidentView);
  }

  /**
   * GDPR erasure, inside its transaction: what this account wrote may name them or others; the
   * incident itself (machine, severity, date) stays for the machine's history. A blocking report's
   * words were copied when it was made: into its corrective work order (title, description) and
   * the machine's status change (reason); they go there too. Returns the ids of those status
   * changes, whose notifications quoted the reason.
   */
  async forgetReportsBy(userId: string): Promise<{ statusChangeIds: string[] }> {
    const reported = await this.incidents.find({ where: { reportedBy: userId } });
    if (reported.length === 0) return { statusChangeIds: [] };
    await this.incidents.update({ reportedBy: userId }, { description: ERASED_DESCRIPTION });
    const orders = this.tx.manager.getRepository(WorkOrder);
    for (const incident of reported) {
      if (!incident.workOrderId || incident.description === ERASED_DESCRIPTION) continue;
      const order = await orders.findOneBy({ id: incident.workOrderId });
      if (!order) continue;
      // Staff may have renamed or added to the order since: only the reporter's words go.
      const words = incident.description;
      const title = order.title === blockingTitle(words) || order.title.includes(words) ? blockingTitle(ERASED_DESCRIPTION) : order.title;
      const description = order.description === null ? null : order.description.split(words).join(ERASED_DESCRIPTION);
      if (title !== order.title || description !== order.description) await orders.update({ id: order.id }, { title, description });
    }
    const statusChangeIds = await this.machines.redactReasonsOf(
      'incident',
      reported.map((incident) => incident.id),
      blockingReason(ERASED_DESCRIPTION),
    );
    return { statusChangeIds };
  }
}
