import { RefreshToken } from '../auth/refresh-token.entity.js';
import { BookingAttendance } from '../bookings/booking-attendance.entity.js';
import { BookingParticipant } from '../bookings/booking-participant.entity.js';
import { BookingSeries } from '../bookings/booking-series.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { CalendarToken } from '../bookings/calendar-token.entity.js';
import { MachineStatusChange } from '../machines/machine-status-change.entity.js';
import { MachineUsageReading } from '../machines/machine-usage-reading.entity.js';
import { Machine } from '../machines/machine.entity.js';
import { Incident } from '../maintenance/incident.entity.js';
import { MaintenancePlan } from '../maintenance/maintenance-plan.entity.js';
import { WorkOrderEvent } from '../maintenance/work-order-event.entity.js';
import { WorkOrder } from '../maintenance/work-order.entity.js';
import { LearningPathStep } from '../learning-paths/learning-path-step.entity.js';
import { LearningPath } from '../learning-paths/learning-path.entity.js';
import { EnrollmentStep } from '../participants/enrollment-step.entity.js';
import { Enrollment } from '../participants/enrollment.entity.js';
import { LearnerActivation } from '../participants/learner-activation.entity.js';
import { Participant } from '../participants/participant.entity.js';
import { ProgressEvent } from '../participants/progress-event.entity.js';
import { Qualification } from '../participants/qualification.entity.js';
import { NotificationPreference } from '../notifications/notification-preference.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { OutboxEntry } from '../notifications/outbox-entry.entity.js';
import { Partner } from '../partners/partner.entity.js';
import { EvidencePhoto } from '../evidence/evidence-photo.entity.js';
import { Setting } from '../settings/setting.entity.js';
import { YearlyBudget } from '../stats/yearly-budget.entity.js';
import { YearlyTarget } from '../stats/yearly-target.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity. Listed, not globbed, so ESM, jest and the TypeORM CLI load the same set. */
export const ENTITIES = [
  Partner,
  User,
  RefreshToken,
  Setting,
  Machine,
  MachineStatusChange,
  MachineUsageReading,
  MaintenancePlan,
  WorkOrder,
  WorkOrderEvent,
  Incident,
  LearningPath,
  LearningPathStep,
  Participant,
  Enrollment,
  EnrollmentStep,
  ProgressEvent,
  Qualification,
  LearnerActivation,
  BookingSeries,
  Booking,
  BookingParticipant,
  BookingAttendance,
  CalendarToken,
  YearlyBudget,
  YearlyTarget,
  OutboxEntry,
  Notification,
  NotificationPreference,
  EvidencePhoto,
];
