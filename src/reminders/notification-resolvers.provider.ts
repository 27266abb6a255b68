import type { FactoryProvider } from '@nestjs/common';
import {
  CONTACT_ADDRESSES,
  type ContactAddresses,
  NOTIFICATION_RESOLVERS,
  type NotificationResolverMap,
} from '../notifications/notification-resolvers.js';
import { BookingNotificationsService } from './booking-notifications.service.js';
import { InactivitySweep } from './inactivity.sweep.js';
import { LearnerNotificationsService } from './learner-notifications.service.js';
import { MachineAlertsService } from './machine-alerts.service.js';
import { MaintenanceDueSweep } from './maintenance-due.sweep.js';
import { QualificationExpirySweep } from './qualification-expiry.sweep.js';
import { TargetDigestSweep } from './target-digest.sweep.js';

/**
 * Who delivers each kind of notification: every kind of NOTIFICATION_KINDS must be here (a
 * missing one does not compile), so a delivery never finds a kind it cannot resolve.
 */
export const notificationResolversProvider: FactoryProvider<NotificationResolverMap> = {
  provide: NOTIFICATION_RESOLVERS,
  inject: [
    BookingNotificationsService,
    MachineAlertsService,
    LearnerNotificationsService,
    MaintenanceDueSweep,
    InactivitySweep,
    QualificationExpirySweep,
    TargetDigestSweep,
  ],
  useFactory: (
    bookings: BookingNotificationsService,
    machines: MachineAlertsService,
    learners: LearnerNotificationsService,
    maintenance: MaintenanceDueSweep,
    inactivity: InactivitySweep,
    qualifications: QualificationExpirySweep,
    digest: TargetDigestSweep,
  ): NotificationResolverMap => ({
    booking_reminder: (entry, now) => bookings.resolveReminder(entry, now),
    booking_cancelled: (entry) => bookings.resolveCancelled(entry),
    booking_moved: (entry) => bookings.resolveMoved(entry),
    booking_affected: (entry) => bookings.resolveAffected(entry),
    maintenance_due: (entry, now) => maintenance.resolve(entry, now),
    machine_down: (entry) => machines.resolve(entry, 'down'),
    machine_back: (entry) => machines.resolve(entry, 'back'),
    inactivity_nudge: (entry) => inactivity.resolve(entry),
    participant_stalled: (entry) => inactivity.resolve(entry),
    step_validated: (entry) => learners.resolveMilestone(entry),
    path_completed: (entry) => learners.resolveMilestone(entry),
    qualification_expiring: (entry) => qualifications.resolve(entry),
    target_digest: (entry) => digest.resolve(entry),
  }),
};

/** Learners' contact addresses, for their accounts without an e-mail. */
export const contactAddressesProvider: FactoryProvider<ContactAddresses> = {
  provide: CONTACT_ADDRESSES,
  inject: [LearnerNotificationsService],
  useFactory: (learners: LearnerNotificationsService): ContactAddresses => (users) => learners.contactAddresses(users),
};
