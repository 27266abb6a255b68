import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { MachinesMaintenance1763900000000 } from './1763900000000-machines-maintenance.js';
import { LearningPathsParticipants1764000000000 } from './1764000000000-learning-paths-participants.js';
import { Bookings1764100000000 } from './1764100000000-bookings.js';
import { Notifications1764200000000 } from './1764200000000-notifications.js';
import { Stats1764300000000 } from './1764300000000-stats.js';
import { Report1764450000000 } from './1764450000000-report.js';
import { MeterCorrections1764500000000 } from './1764500000000-meter-corrections.js';
import { WebSessions1764550000000 } from './1764550000000-web-sessions.js';
import { QualificationRevokeReason1764600000000 } from './1764600000000-qualification-revoke-reason.js';
import { EvidencePhotos1764630000000 } from './1764630000000-evidence-photos.js';
import { BookingRevision1764640000000 } from './1764640000000-booking-revision.js';
import { SeriesReport1764640000001 } from './1764640000001-series-report.js';
import { ParticipantActivityMonths1764660000001 } from './1764660000001-participant-activity-months.js';
import { BookingMovedKind1764660000014 } from './1764660000014-booking-moved-kind.js';
import { ParticipantFirstActivity1764660000124 } from './1764660000124-participant-first-activity.js';
import { BookingStartsOnAttendees1764660000131 } from './1764660000131-booking-starts-on-attendees.js';
import { RevokedSessionsIndex1764660000140 } from './1764660000140-revoked-sessions-index.js';

/** Every migration, in order. A feature adds its own here. */
export const MIGRATIONS = [
  Foundation1763800000000,
  MachinesMaintenance1763900000000,
  LearningPathsParticipants1764000000000,
  Bookings1764100000000,
  Notifications1764200000000,
  Stats1764300000000,
  Report1764450000000,
  MeterCorrections1764500000000,
  WebSessions1764550000000,
  QualificationRevokeReason1764600000000,
  EvidencePhotos1764630000000,
  BookingRevision1764640000000,
  SeriesReport1764640000001,
  ParticipantActivityMonths1764660000001,
  BookingMovedKind1764660000014,
  ParticipantFirstActivity1764660000124,
  BookingStartsOnAttendees1764660000131,
  RevokedSessionsIndex1764660000140,
];
