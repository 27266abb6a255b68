import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { AffectedBookingsService } from './affected-bookings.service.js';
import { AvailabilityController } from './availability.controller.js';
import { AvailabilityService } from './availability.service.js';
import { BookingChecksService } from './booking-checks.service.js';
import { BookingVisibilityService } from './booking-visibility.service.js';
import { BookingExportService } from './booking-export.service.js';
import { BookingErasureService } from './booking-erasure.service.js';
import { MachineHoldsReader } from './machine-holds.service.js';
import { BookingSeriesService } from './booking-series.service.js';
import { BookingUseService } from './booking-use.service.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarFeedService } from './calendar-feed.service.js';

/**
 * Machine-slot bookings: rules, series, availability, check-in/out, calendar feeds. Plugs into
 * machines (machine.disrupted flags the bookings it hits) and
 * participants (participant.erasing). Emits the
 * booking.* domain events (reminders and notifications handle them). Exports BookingUseService
 * (attendance, for the yearly target).
 */
@Module({
  imports: [MachinesModule, MaintenanceModule, SettingsModule, PartnersModule, UsersModule, ParticipantsModule],
  controllers: [BookingsController, AvailabilityController, CalendarController],
  providers: [
    BookingVisibilityService,
    BookingChecksService,
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
  exports: [BookingUseService, BookingsService, BookingSeriesService, AvailabilityService, CalendarFeedService, BookingExportService],
})
export class BookingsModule {}
