import { Injectable } from '@nestjs/common';
import type { ParticipantErasing } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { IncidentsService } from '../maintenance/incidents.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersService } from '../users/users.service.js';

/**
 * Incidents a learner reported are theirs under GDPR: their free text is wiped at erasure, with
 * the copies a blocking report made (work order, status reason) and the machine_down messages
 * that quoted it (the export reads them in src/gdpr/). Plugged here because maintenance and participants know nothing of each other.
 */
@Injectable()
export class IncidentReportsPrivacyService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
  ) {}


  /** The free text of what the person reported is wiped, inside the erasure transaction. */
  @OnDomainEvent('participant.erasing')
  async onErasure({ participantId }: ParticipantErasing): Promise<void> {
    const account = await this.users.findLearnerAccount(participantId);
    if (!account) return;
    const { statusChangeIds } = await this.incidents.forgetReportsBy(account.user.id);
    await this.notifications.redactAboutStatusChanges(statusChangeIds);
  }
}
