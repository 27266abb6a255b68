import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { MachinesModule } from '../machines/machines.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { NotificationDeliveryService } from '../notifications/notification-delivery.service.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { UsersModule } from '../users/users.module.js';
import { BookingNotificationsService } from './booking-notifications.service.js';
import { InactivitySweep } from './inactivity.sweep.js';
import { IncidentReportsPrivacyService } from './incident-reports-privacy.service.js';
import { LearnerNotificationsService } from './learner-notifications.service.js';
import { MachineAlertsService } from './machine-alerts.service.js';
import { MaintenanceDueSweep } from './maintenance-due.sweep.js';
import { contactAddressesProvider, notificationResolversProvider } from './notification-resolvers.provider.js';
import { QualificationExpirySweep } from './qualification-expiry.sweep.js';
import { RetentionSweep } from './retention.sweep.js';
import { TargetDigestSweep } from './target-digest.sweep.js';

/**
 * What the fablab is reminded of, and when: handlers of the features' domain events (machine
 * status changes, bookings, progress) that record notifications in their transactions, the resolver of each
 * kind (notificationResolversProvider) with the delivery that uses them, and the sweeps (maintenance due, stalled learners, expiring
 * qualifications, retention, target digest), run by the jobs plumbing (JobsModule, src/jobs/).
 */
@Module({
  imports: [
    AuthModule,
    NotificationsModule,
    UsersModule,
    MachinesModule,
    MaintenanceModule,
    ParticipantsModule,
    BookingsModule,
    StatsModule,
  ],
  providers: [
    MachineAlertsService,
    BookingNotificationsService,
    LearnerNotificationsService,
    IncidentReportsPrivacyService,
    MaintenanceDueSweep,
    InactivitySweep,
    QualificationExpirySweep,
    RetentionSweep,
    TargetDigestSweep,
    notificationResolversProvider,
    contactAddressesProvider,
    NotificationDeliveryService,
  ],
  exports: [MaintenanceDueSweep, InactivitySweep, QualificationExpirySweep, RetentionSweep, TargetDigestSweep, NotificationDeliveryService],
})
export class RemindersModule {}
