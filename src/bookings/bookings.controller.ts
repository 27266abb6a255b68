import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { BookingSeriesService } from './booking-series.service.js';
import { BookingUseService } from './booking-use.service.js';
import { BookingView } from './booking-view.js';
import { BookingsService } from './bookings.service.js';
import { CancelBookingDto } from './dto/cancel-booking.dto.js';
import { CheckInDto } from './dto/check-in.dto.js';
import { CheckOutDto } from './dto/check-out.dto.js';
import { CreateBookingDto } from './dto/create-booking.dto.js';
import { CreateSeriesDto } from './dto/create-series.dto.js';
import { ListBookingsQuery } from './dto/list-bookings.query.js';
import { UpdateBookingDto } from './dto/update-booking.dto.js';
import { SeriesPreview, SeriesReport } from './series-report-view.js';

/**
 * Machine-slot bookings. A booking is
 * `{id, machineId, kind, status, startsAt, endsAt, title, partnerId, authorId, participantIds,
 * seriesId, affected, affectedReason, checkedInAt, checkedOutAt, usedMinutes, attendeeIds,
 * cancelledAt, cancelReason, createdAt, updatedAt}` (see booking-view.ts).
 */
@ApiTags('bookings')
@ApiBearerAuth()
@Controller('bookings')
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly series: BookingSeriesService,
    private readonly use: BookingUseService,
  ) {}

  @Post()
  @AnyRole()
  @ApiOperation({
    summary: 'Book a machine slot',
    description:
      'Rules: endsAt > startsAt, 15-minute grid, 15 min to 8 h (400 VALIDATION_FAILED); not in the past (422 IN_THE_PAST); at most 90 days ahead (422 TOO_FAR_AHEAD); inside opening hours, outside closures (422 OUTSIDE_OPENING_HOURS); machine available (422 MACHINE_UNAVAILABLE); every attendee of a session or open_lab booking qualified for the machine when it requires it (422 NOT_QUALIFIED, details.participantIds); no maintenance window (409 MAINTENANCE_WINDOW, details.windows); no overlapping confirmed booking (409 BOOKING_CONFLICT, details.conflicts: [{id, startsAt, endsAt}]). Learners: open_lab only, for themselves.',
  })
  @ApiResult(BookingView)
  @ApiErrors('FORBIDDEN', 'NOT_FOUND', 'IN_THE_PAST', 'TOO_FAR_AHEAD', 'OUTSIDE_OPENING_HOURS', 'MACHINE_UNAVAILABLE', 'NOT_QUALIFIED', 'BOOKING_CONFLICT', 'MAINTENANCE_WINDOW')
  create(@Body() dto: CreateBookingDto, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.bookings.create(dto, user);
  }

  @Post('series')
  @Roles('trainer', 'facilitator', 'admin')
  @ApiOperation({
    summary: 'Book a weekly series',
    description:
      'Every `everyWeeks` weeks at the local time of firstStartsAt, `count` times or until a date (at most 52). → 201 {seriesId, created: [bookings], skipped: [{startsAt, error: {code, message, details?}}]}; seriesId is null when nothing was created. With allOrNothing: one occurrence that cannot be booked and nothing is created — the error has the code (and status) of the first failing occurrence and details {created: [], skipped}.',
  })
  @ApiResult(SeriesReport)
  @ApiErrors('NOT_FOUND', 'IN_THE_PAST', 'TOO_FAR_AHEAD', 'OUTSIDE_OPENING_HOURS', 'MACHINE_UNAVAILABLE', 'NOT_QUALIFIED', 'BOOKING_CONFLICT', 'MAINTENANCE_WINDOW')
  createSeries(@Body() dto: CreateSeriesDto, @CurrentUser() user: AuthUser): Promise<SeriesReport> {
    return this.series.create(dto, user);
  }

  @Get('series/:id/report')
  @Roles('trainer', 'facilitator', 'admin')
  @ApiOperation({
    summary: 'A series’ report, read again',
    description:
      'The same shape as the answer to POST /bookings/series: {seriesId, created: the series’ bookings as they stand now (moved, cancelled…), skipped: the occurrences it could not book and why, as when it was made}. For its author, facilitators and admins; anyone else gets 404.',
  })
  @ApiResult(SeriesReport)
  seriesReport(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<SeriesReport> {
    return this.series.report(id, user);
  }

  @Post('series/preview')
  @Roles('trainer', 'facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview a weekly series without booking it (dry run)',
    description:
      'The same body as POST /bookings/series; nothing is written. → 200 {bookable: [{startsAt, endsAt}], skipped: [{startsAt, error: {code, message, details?}}]}: each occurrence checked now by every booking rule (opening hours and closures, machine status, qualifications, maintenance windows, conflicts), in date order. A date free now may be taken before the series is created: POST /bookings/series checks again. A body that makes no series (400), an unknown machine (400) or attendees the caller may not book for (400) are refused as by POST /bookings/series; allOrNothing is ignored.',
  })
  @ApiResult(SeriesPreview)
  previewSeries(@Body() dto: CreateSeriesDto, @CurrentUser() user: AuthUser): Promise<SeriesPreview> {
    return this.series.preview(dto, user);
  }

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Bookings I may see: all (facilitators, admins), my partner’s and mine (trainers), made or attended (learners)' })
  @ApiPageResult(BookingView)
  list(@Query() query: ListBookingsQuery, @CurrentUser() user: AuthUser): Promise<Page<BookingView>> {
    return this.bookings.list(query, user);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'A booking (learners: one they made or attend)' })
  @ApiResult(BookingView)
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.bookings.detail(id, user);
  }

  @Patch(':id')
  @AnyRole()
  @ApiOperation({
    summary: 'Move a booking and/or change its attendees or title (its author, facilitators, admins); the same rules apply',
    description: 'New times move its reminders and tell its author and attendees with an account (booking_moved, in the inbox and by e-mail), not whoever moved it.',
  })
  @ApiResult(BookingView)
  @ApiErrors('FORBIDDEN', 'INVALID_TRANSITION', 'IN_THE_PAST', 'TOO_FAR_AHEAD', 'OUTSIDE_OPENING_HOURS', 'MACHINE_UNAVAILABLE', 'NOT_QUALIFIED', 'BOOKING_CONFLICT', 'MAINTENANCE_WINDOW')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateBookingDto, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.bookings.update(id, dto, user);
  }

  @Post(':id/cancel')
  @AnyRole()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a confirmed booking not yet checked in nor ended (its author, facilitators, admins)' })
  @ApiResult(BookingView)
  @ApiErrors('FORBIDDEN', 'INVALID_TRANSITION')
  cancel(@Param('id', UuidPipe) id: string, @Body() dto: CancelBookingDto, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.bookings.cancel(id, dto.reason, user);
  }

  @Post(':id/check-in')
  @AnyRole()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check in (its author, facilitators, admins): from 30 minutes before the start until the end' })
  @ApiResult(BookingView)
  @ApiErrors('FORBIDDEN', 'INVALID_TRANSITION', 'MACHINE_UNAVAILABLE')
  checkIn(@Param('id', UuidPipe) id: string, @Body() dto: CheckInDto, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.use.checkIn(id, dto.attendeeIds, user);
  }

  @Post(':id/check-out')
  @AnyRole()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check out (its author, facilitators, admins): status completed, used minutes added to the machine meter, attendance recorded',
  })
  @ApiResult(BookingView)
  @ApiErrors('FORBIDDEN', 'INVALID_TRANSITION')
  checkOut(@Param('id', UuidPipe) id: string, @Body() dto: CheckOutDto, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.use.checkOut(id, dto, user);
  }

  @Post(':id/no-show')
  @Roles('trainer', 'facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a started booking nobody checked in as no_show (its author when staff, facilitators, admins)' })
  @ApiResult(BookingView)
  @ApiErrors('INVALID_TRANSITION')
  noShow(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<BookingView> {
    return this.use.noShow(id, user);
  }
}
