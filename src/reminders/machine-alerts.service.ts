import { Injectable } from '@nestjs/common';
import type { MachineStatusChanged } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { DOWN_STATUSES } from '../machines/machine-status.js';
import { MachinesService } from '../machines/machines.service.js';
import type { Resolution } from '../notifications/notification-resolvers.js';
import { NotificationTemplates } from '../notifications/notification-templates.service.js';
import type { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { UsersService } from '../users/users.service.js';

/**
 * machine_down (a machine moves into out_of_order or maintenance) and machine_back (it returns to
 * available from one of them), to facilitators and admins, who run the machines. Recorded in the
 * transaction of the status change; skipped at delivery when the machine has already moved on
 * (back before "down" went out, down again before "back" did).
 */
@Injectable()
export class MachineAlertsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly machines: MachinesService,
    private readonly users: UsersService,
    private readonly templates: NotificationTemplates,
  ) {}


  @OnDomainEvent('machine.status-changed')
  private async onStatusChanged(event: MachineStatusChanged): Promise<void> {
    const wasDown = event.from !== null && DOWN_STATUSES.includes(event.from);
    const isDown = DOWN_STATUSES.includes(event.to);
    const kind = isDown && !wasDown ? 'machine_down' : wasDown && event.to === 'available' ? 'machine_back' : null;
    if (!kind) return;
    await this.outbox.record({
      kind,
      subjectType: 'machine_status_change',
      subjectId: event.changeId,
      dedupeKey: `${kind}:${event.changeId}`,
      dueAt: event.at,
      data: { machineId: event.machineId, statusChangeId: event.changeId },
    });
  }

  async resolve(entry: OutboxEntry, direction: 'down' | 'back'): Promise<Resolution> {
    const machineId = String(entry.data.machineId);
    const [machine, change] = await Promise.all([
      this.machines.findMany([machineId]).then((found) => found[0]),
      this.machines.statusChange(entry.subjectId),
    ]);
    if (!machine || !change) return { moot: 'machine unknown' };
    if (machine.status !== change.toStatus) return { moot: `machine is ${machine.status} again` };
    if (direction === 'down' && !DOWN_STATUSES.includes(machine.status)) return { moot: 'machine back already' };
    return {
      recipients: await this.users.activeIdsByRole(['facilitator', 'admin']),
      vars: {
        machine: machine.name,
        code: machine.code,
        status: this.templates.label(`machine_status.${machine.status}`),
        reason: change.reason || this.templates.label('machine.no_reason'),
      },
      data: { machineId: machine.id, statusChangeId: change.id, status: machine.status },
    };
  }
}
