import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { ParticipantExportController } from './participant-export.controller.js';
import { ParticipantExportService } from './participant-export.service.js';

/**
 * The GDPR export of a person (GET /participants/:id/export and the web app's downloads),
 * composed above the features that hold something on them: participants, bookings, evidence,
 * maintenance (incidents they reported) and notifications.
 */
@Module({
  imports: [ParticipantsModule, BookingsModule, EvidenceModule, MaintenanceModule, NotificationsModule],
  controllers: [ParticipantExportController],
  providers: [ParticipantExportService],
  exports: [ParticipantExportService],
})
export class GdprModule {}
