import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { BookingView } from '../../bookings/booking-view.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import { CalendarFeedService } from '../../bookings/calendar-feed.service.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/time/clock.service.js';
import { MachinesService } from '../../machines/machines.service.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext, WebRequest } from '../shell/web-request.js';
import { noticeFor } from './session-words.js';
import { TrainerBookingsPage, TrainerCalendarPage, TrainerHomePage } from './trainer.pages.js';

const DAY_MS = 86_400_000;
/** "Passées": the sessions of the last 180 days (what the calendar feed keeps too), newest first. */
const PAST_DAYS = 180;
const PAST_SHOWN = 30;
/** Read beyond what is shown: the window also holds the sessions running now, left out of "Passées". */
const RECENT_READ = 60;

/** A partner trainer's home and "Mes réservations" (coming and past, disruptions shown, the calendar link). */
@WebPages()
@ForRoles('trainer')
@Controller('formateur')
export class TrainerController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly calendar: CalendarFeedService,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    const upcoming = await this.bookings.upcomingFor(page.user as AuthUser, 5);
    sendPage(res, <TrainerHomePage page={page} upcoming={await this.named(upcoming)} dates={this.dates} now={this.clock.now()} />);
  }

  @Get('reservations')
  async list(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    const now = this.clock.now();
    const [upcoming, recent] = await Promise.all([this.bookings.upcomingFor(user, 50), this.recent(user, now)]);
    const past = recent
      .filter((b) => new Date(b.endsAt) <= now)
      .reverse()
      .slice(0, PAST_SHOWN);
    const [comingNamed, pastNamed] = await Promise.all([this.named(upcoming), this.named(past)]);
    sendPage(res, <TrainerBookingsPage page={page} upcoming={comingNamed} past={pastNamed} dates={this.dates} now={now} notice={noticeFor(done)} errors={{}} />);
  }

  /** A calendar address: issued on demand (a new one revokes the previous), shown once, never logged. */
  @Post('calendrier')
  async issueCalendar(@Page() page: PageContext, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const token = await this.calendar.issue((page.user as AuthUser).id);
    const host = req.host ?? 'localhost';
    const path = `/api/calendar/${token}.ics`;
    sendPage(res, <TrainerCalendarPage page={page} webcal={`webcal://${host}${path}`} https={`${req.protocol}://${host}${path}`} />);
  }

  /**
   * The newest of the last 180 days' bookings, up to now (the list is oldest first): the last
   * page, so that a trainer with more than a page of them still sees the newest.
   */
  private async recent(user: AuthUser, now: Date): Promise<BookingView[]> {
    const window = { from: new Date(now.getTime() - PAST_DAYS * DAY_MS).toISOString(), to: now.toISOString(), mine: true };
    const { total } = await this.bookings.list({ ...window, limit: 1, offset: 0 } as never, user);
    return (await this.bookings.list({ ...window, limit: RECENT_READ, offset: Math.max(0, total - RECENT_READ) } as never, user)).items;
  }

  private async named(bookings: BookingView[]) {
    const machines = await this.machines.findMany([...new Set(bookings.map((b) => b.machineId))]);
    const names = new Map(machines.map((m) => [m.id, m.name]));
    return bookings.map((booking) => ({ booking, machineName: names.get(booking.machineId) ?? 'Machine' }));
  }
}
