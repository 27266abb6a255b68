import { Module, type OnModuleInit } from '@nestjs/common';
import { MachineDisruptions } from '../machines/machine-disruptions.js';
import { BookedTimeSource } from '../machines/booked-time-source.js';
import { MachinesModule } from '../machines/machines.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { LearnerDashboardRegistry } from '../participants/learner-dashboard.registry.js';
import { ParticipantExportSections } from '../participants/participant-export.sections.js';
import { ParticipantErasureHooks } from '../participants/participant-erasure.hooks.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { AffectedBookingsService } from './affected-bookings.service.js';
import { AvailabilityController } from './availability.controller.js';
import { AvailabilityService } from './availability.service.js';
import { BookingAccess } from './booking-access.js';
import { BookingChecksService } from './booking-checks.service.js';
import { BookingExportService } from './booking-export.service.js';
import { BookingErasureService } from './booking-erasure.service.js';
import { BookingEvents } from './booking-events.js';
import { MachineHoldsReader } from './machine-holds.js';
import { BookingSeriesService } from './booking-series.service.js';
import { BookingUseService } from './booking-use.service.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarFeedService } from './calendar-feed.service.js';

/**
 * Machine-slot bookings: rules, series, availability, check-in/out, calendar feeds. Plugs into
 * machines (booked time for the metrics; disruptions flag the bookings they hit) and
 * participants (learners' upcoming bookings on GET /me/progress; GDPR erasure). Exports
 * BookingEvents (reminders and notifications listen to it) and BookingUseService (attendance,
 * for the yearly target).
 */
@Module({
  imports: [MachinesModule, MaintenanceModule, SettingsModule, PartnersModule, UsersModule, ParticipantsModule],
  controllers: [BookingsController, AvailabilityController, CalendarController],
  providers: [
    BookingAccess,
    BookingChecksService,
    BookingEvents,
    MachineHoldsReader,
    BookingsService,
    BookingSeriesService,
    BookingUseService,
    AffectedBookingsService,
    AvailabilityService,
    CalendarFeedService,
    BookingErasureService,
    BookingExportService,
  ],
  exports: [BookingEvents, BookingUseService, BookingsService, BookingSeriesService, AvailabilityService, CalendarFeedService],
})
export class BookingsModule implements OnModuleInit {
  constructor(
    private readonly disruptions: MachineDisruptions,
    private readonly bookedTime: BookedTimeSource,
    private readonly affected: AffectedBookingsService,
    private readonly availability: AvailabilityService,
    private readonly bookings: BookingsService,
    private readonly erasure: BookingErasureService,
    private readonly dashboard: LearnerDashboardRegistry,
    private readonly erasureHooks: ParticipantErasureHooks,
    private readonly exportSections: ParticipantExportSections,
    private readonly exports: BookingExportService,
  ) {}

  onModuleInit(): void {
    this.disruptions.register((disruption, manager) => this.affected.flag(disruption, manager));
    this.bookedTime.register((machineId, from, to) => this.availability.bookedIntervals(machineId, from, to));
    this.dashboard.register({ upcomingBookings: (learner) => this.bookings.upcomingFor(learner) });
    this.erasureHooks.register('bookings', (participantId, manager) => this.erasure.erase(participantId, manager));
    this.exportSections.register('bookings', (participantId, accountId) => this.exports.bookings(participantId, accountId));
    this.exportSections.register('calendarFeed', (_participantId, accountId) => this.exports.calendarFeed(accountId));
  }
}
