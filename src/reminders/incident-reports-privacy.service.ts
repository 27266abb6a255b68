import { Injectable, type OnModuleInit } from '@nestjs/common';
import { IncidentsService } from '../maintenance/incidents.service.js';
import { ParticipantErasureHooks } from '../participants/participant-erasure.hooks.js';
import { ParticipantExportSections } from '../participants/participant-export.sections.js';
import { UsersService } from '../users/users.service.js';

/**
 * Incidents a learner reported are theirs under GDPR: exported with them, and their free text
 * wiped at erasure. Plugged here because maintenance and participants know nothing of each other.
 */
@Injectable()
export class IncidentReportsPrivacyService implements OnModuleInit {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly users: UsersService,
    private readonly erasureHooks: ParticipantErasureHooks,
    private readonly exportSections: ParticipantExportSections,
  ) {}

  onModuleInit(): void {
    this.exportSections.register('incidentsReported', async (_participantId, accountId) => (accountId ? this.incidents.reportedBy(accountId) : []));
    this.erasureHooks.register('incidents', async (participantId, manager) => {
      const account = await this.users.findLearnerAccount(participantId, manager);
      if (account) await this.incidents.forgetReportsBy(account.user.id, manager);
    });
  }
}
