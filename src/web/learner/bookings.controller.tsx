import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/time/clock.service.js';
import { AvailabilityService } from '../../bookings/availability.service.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import { CalendarFeedService } from '../../bookings/calendar-feed.service.js';
import type { Machine } from '../../machines/machine.entity.js';
import { MachinesService } from '../../machines/machines.service.js';
import { QualificationsService } from '../../participants/qualifications.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext, WebRequest } from '../shell/web-request.js';
import { bookingRefusal } from './booking-words.js';
import { BookingsPage, CalendarPage, NewBookingPage, type SlotChoice } from './bookings.pages.js';
import { noticeFrom } from '../shell/notices.js';

const DONE: Record<string, string> = {
  reservee: 'C’est réservé ! Tu recevras un rappel avant le créneau.',
  annulee: 'La réservation est annulée.',
};

/** Slots offered to a learner: starts every 30 minutes, lengths from 30 minutes to 3 hours. */
const START_STEP_MINUTES = 30;
export const LENGTHS = [30, 60, 90, 120, 180];
const DAYS_SHOWN = 7;

/** "Mes réservations": coming and past bookings, open-lab time on a machine I may use, my calendar. */
@WebPages()
@ForRoles('learner')
@Controller('reservations')
export class LearnerBookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly availability: AvailabilityService,
    private readonly machines: MachinesService,
    private readonly qualifications: QualificationsService,
    private readonly calendar: CalendarFeedService,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    await this.renderList(page, res, noticeFrom(DONE, done), {});
  }

  @Get('nouvelle')
  async newBooking(@Page() page: PageContext, @Query('machine') machineId: unknown, @Res() res: Response): Promise<void> {
    await this.renderNew(page, res, isUuid(machineId) ? machineId : null, {}, null, null);
  }

  @Post()
  async create(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const machineId = formText(body, 'machineId');
    const start = formText(body, 'start');
    const minutes = Number(formText(body, 'minutes'));
    const errors: FieldErrors = {};
    if (!isUuid(machineId)) throw DomainError.notFound('Machine');
    const startsAt = DateTime.fromISO(start, { zone: 'utc' });
    if (!startsAt.isValid) errors.start = 'Choisis l’heure de début.';
    if (!LENGTHS.includes(minutes)) errors.minutes = 'Choisis combien de temps tu restes.';
    if (Object.keys(errors).length === 0) {
      try {
        await this.bookings.create(
          { machineId, kind: 'open_lab', startsAt: startsAt.toISO() as string, endsAt: startsAt.plus({ minutes }).toISO() as string },
          page.user as AuthUser,
        );
        return redirect(res, '/reservations?fait=reservee');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'NOT_FOUND') throw error;
        errors.start = bookingRefusal(error);
      }
    }
    await this.renderNew(page, res, machineId, errors, start, minutes, 422);
  }

  @Post(':id/annuler')
  async cancel(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Booking');
    const user = page.user as AuthUser;
    const booking = await this.bookings.detail(id, user); // 404 when it is not theirs to see
    if (booking.authorId !== user.id) throw DomainError.notFound('Booking');
    try {
      await this.bookings.cancel(id, formText(body, 'reason').slice(0, 500) || undefined, user);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INVALID_TRANSITION') throw error;
      return this.renderList(page, res, null, { _form: 'Cette réservation ne peut plus être annulée : elle a déjà commencé ou elle est finie.' }, 422);
    }
    redirect(res, '/reservations?fait=annulee');
  }

  /** A calendar address for the phone: issued on demand, shown once (it is a secret). */
  @Post('calendrier')
  async issueCalendar(@Page() page: PageContext, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const token = await this.calendar.issue((page.user as AuthUser).id);
    const host = req.host ?? 'localhost';
    sendPage(
      res,
      <CalendarPage page={page} webcal={`webcal://${host}/api/calendar/${token}.ics`} https={`${req.protocol}://${host}/api/calendar/${token}.ics`} />,
    );
  }

  private async renderList(page: PageContext, res: Response, notice: string | null, errors: FieldErrors, status = 200): Promise<void> {
    const user = page.user as AuthUser;
    const now = this.clock.now();
    const [upcoming, past] = await Promise.all([
      this.bookings.upcomingFor(user, 50),
      this.bookings.list({ to: now.toISOString(), mine: true, limit: 10, offset: 0 } as never, user),
    ]);
    const pastItems = past.items.filter((b) => new Date(b.endsAt) <= now).reverse();
    const machineNames = await this.machineNames([...upcoming, ...pastItems].map((b) => b.machineId));
    sendPage(
      res,
      <BookingsPage page={page} upcoming={upcoming} past={pastItems} machineNames={machineNames} dates={this.dates} now={now} notice={notice} errors={errors} />,
      status,
    );
  }

  private async renderNew(
    page: PageContext,
    res: Response,
    machineId: string | null,
    errors: FieldErrors,
    start: string | null,
    minutes: number | null,
    status = 200,
  ): Promise<void> {
    const user = page.user as AuthUser;
    const now = this.clock.now();
    const [all, held] = await Promise.all([this.machines.listAll(), this.qualifications.validAt(user.participantId as string, now)]);
    const categories = new Set(held.map((q) => q.category));
    const mayUse = (m: Machine) => !m.requiresQualification || categories.has(m.category);
    const machines = all.filter((m) => m.status !== 'retired').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const chosen = machineId ? machines.find((m) => m.id === machineId && mayUse(m)) : undefined;
    if (machineId && !chosen) throw DomainError.notFound('Machine');
    let slots: SlotChoice[] = [];
    if (chosen && chosen.status === 'available') {
      const view = await this.availability.forMachine(chosen.id, { from: now.toISOString(), to: new Date(now.getTime() + DAYS_SHOWN * 86_400_000).toISOString() });
      slots = startsWithin(view.free, now).map((at) => ({ value: at.toISOString(), label: this.dates.slot(at, at, now).replace(/ – .*$/, ''), day: this.dates.day(at, now) }));
    }
    sendPage(
      res,
      <NewBookingPage
        page={page}
        machines={machines.map((m) => ({ id: m.id, name: m.name, category: m.category, status: m.status, location: m.location, allowed: mayUse(m) }))}
        chosen={chosen ? { id: chosen.id, name: chosen.name, status: chosen.status } : null}
        slots={slots}
        lengths={LENGTHS}
        errors={errors}
        start={start}
        minutes={minutes}
      />,
      status,
    );
  }

  private async machineNames(ids: string[]): Promise<Map<string, string>> {
    const machines = await this.machines.findMany([...new Set(ids)]);
    return new Map(machines.map((m) => [m.id, m.name]));
  }
}

/** Start times every 30 minutes inside the free intervals, each with at least 30 minutes free. */
export function startsWithin(free: { startsAt: string; endsAt: string }[], now: Date): Date[] {
  const step = START_STEP_MINUTES * 60_000;
  const starts: Date[] = [];
  for (const interval of free) {
    const end = new Date(interval.endsAt).getTime();
    let at = Math.ceil(Math.max(new Date(interval.startsAt).getTime(), now.getTime()) / step) * step;
    for (; at + step <= end; at += step) starts.push(new Date(at));
  }
  return starts;
}
