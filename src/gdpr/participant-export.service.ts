import { Injectable } from '@nestjs/common';
import { BookingExportService } from '../bookings/booking-export.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { EvidencePhotosService } from '../evidence/evidence-photos.service.js';
import { IncidentsService } from '../maintenance/incidents.service.js';
import { NotificationPreferencesService } from '../notifications/notification-preferences.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ParticipantRecordExportService } from '../participants/participant-record-export.service.js';
import type { ParticipantExport } from './participant-export-view.js';

/**
 * GDPR right of access: everything held on the person, in one JSON document (never a hash).
 * Participants' record (which also checks that the caller may see the person), then each
 * feature's part, read by its own service; most parts hang on the person's learner account.
 * A feature that keeps something new on a person adds its part here.
 */
@Injectable()
export class ParticipantExportService {
  constructor(
    private readonly record: ParticipantRecordExportService,
    private readonly bookings: BookingExportService,
    private readonly evidence: EvidencePhotosService,
    private readonly incidents: IncidentsService,
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  async export(participantId: string, actor: AuthUser): Promise<ParticipantExport> {
    const record = await this.record.export(participantId, actor);
    const accountId = record.account?.id ?? null;
    const [bookings, calendarFeed, evidencePhotos, incidentsReported, notificationPreferences, notifications] = await Promise.all([
      this.bookings.bookings(participantId, accountId),
      this.bookings.calendarFeed(accountId),
      this.evidence.exportFor(participantId),
      accountId ? this.incidents.reportedBy(accountId) : [],
      accountId ? this.preferences.view(accountId) : null,
      accountId ? this.notifications.exportFor(accountId) : [],
    ]);
    // The features' parts first, by name, then the record: the order the document always had.
    return { bookings, calendarFeed, evidencePhotos, incidentsReported, notificationPreferences, notifications, ...record };
  }
}
