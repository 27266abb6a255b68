import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { AvailabilityService } from '../../bookings/availability.service.js';
import { BookingSeriesService } from '../../bookings/booking-series.service.js';
import { MAX_DAYS_AHEAD } from '../../bookings/booking-rules.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import type { SeriesReport } from '../../bookings/series-report-view.js';
import { CreateBookingDto } from '../../bookings/dto/create-booking.dto.js';
import { CreateSeriesDto } from '../../bookings/dto/create-series.dto.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { MACHINE_CATEGORIES, type MachineCategory } from '../../common/machine-category.js';
import { Clock } from '../../common/time/clock.service.js';
import { WorkOrdersService } from '../../maintenance/work-orders.service.js';
import type { Machine } from '../../machines/machine.entity.js';
import { MachinesService } from '../../machines/machines.service.js';
import type { ListParticipantsQuery } from '../../participants/dto/list-participants.query.js';
import { ParticipantsService } from '../../participants/participants.service.js';
import { QualificationsService } from '../../participants/qualifications.service.js';
import { minutesOf } from '../../settings/opening-hours-rules.js';
import { OpeningHoursService } from '../../settings/opening-hours.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext } from '../shell/web-request.js';
import {
  BookingWeekPage,
  type BookingFormValues,
  CategoryWeekPage,
  EMPTY_FORM,
  type MachineChoice,
  MachinesPage,
  type OccurrenceLine,
  SeriesPreviewPage,
  SeriesReportPage,
} from './booking.pages.js';
import { BookingRefusals } from './booking-refusals.service.js';
import { formList } from './form-lists.js';
import { isStartClock, LENGTH_CHOICES } from './session-words.js';
import { mondayOf, weekGrid } from './week-grid.js';

/** The participants list's largest page. */
const PAGE = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^\d{2}:\d{2}$/;

/** Bad input and refusals, said to a trainer. */
const MESSAGES = {
  jour: 'Choisissez un créneau libre dans la semaine.',
  debut: 'Choisissez l’heure de début.',
  minutes: 'Choisissez la durée.',
  kind: 'Choisissez le type de réservation : formation ou séance.',
  title: 'L’intitulé fait au plus 160 caractères.',
  participantIds: 'Cochez seulement des jeunes de votre structure.',
  everyWeeks: 'Choisissez la fréquence : chaque semaine, toutes les 2, 3 ou 4 semaines.',
  count: 'Indiquez le nombre de séances (de 2 à 52) ou la date de la dernière.',
  until: 'Indiquez une date de fin après le premier jour.',
  repetition: 'Choisissez une seule fois ou plusieurs semaines.',
};

/**
 * "Réserver" for a partner trainer: a machine (by category), a week of it on the 15-minute grid
 * (closures and maintenance with their reason), a free slot, the kind and the young people of
 * their organisation; once, or every N weeks with the dates that cannot be booked shown, and
 * why, before and after confirming. Refusals come back in plain French on the form.
 */
@WebPages()
@ForRoles('trainer')
@Controller('formateur/reserver')
export class TrainerBookingController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly series: BookingSeriesService,
    private readonly availability: AvailabilityService,
    private readonly machines: MachinesService,
    private readonly workOrders: WorkOrdersService,
    private readonly participants: ParticipantsService,
    private readonly qualifications: QualificationsService,
    private readonly openingHours: OpeningHoursService,
    private readonly refusals: BookingRefusals,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(
    @Page() page: PageContext,
    @Query('machine') machineId: unknown,
    @Query('categorie') category: unknown,
    @Query('semaine') week: unknown,
    @Query('jour') day: unknown,
    @Query('debut') start: unknown,
    @Res() res: Response,
  ): Promise<void> {
    if (machineId === undefined) {
      const machines = await this.bookable();
      if (MACHINE_CATEGORIES.includes(category as MachineCategory)) {
        return this.renderCategory(page, res, machines, category as MachineCategory, typeof week === 'string' ? week : '');
      }
      return sendPage(res, <MachinesPage page={page} machines={machines.map(choice)} />);
    }
    const machine = await this.machine(machineId);
    const values = { ...EMPTY_FORM, jour: typeof day === 'string' && DATE.test(day) ? day : '', debut: typeof start === 'string' && CLOCK.test(start) ? start : '' };
    await this.renderWeek(page, res, machine, typeof week === 'string' ? week : values.jour, values, {});
  }

  /** Once: books and goes to the session's page. Several weeks: the preview of the dates (nothing booked yet). */
  @Post()
  async create(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    const machine = await this.machine(formText(body, 'machineId'));
    const { values, errors, slot } = await this.read(body, user);
    const weekly = values.repetition === 'hebdo';
    if (weekly) this.checkRepetition(values, errors);
    if (Object.keys(errors).length > 0 || !slot) return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, errors, 422);

    if (!weekly) {
      const { value, errors: dtoErrors } = await readForm(CreateBookingDto, body, { kind: MESSAGES.kind, title: MESSAGES.title }, {
        machineId: machine.id,
        startsAt: slot.start.toISOString(),
        endsAt: slot.end.toISOString(),
        participantIds: values.participantIds,
      });
      if (Object.keys(dtoErrors).length > 0) return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, dtoErrors, 422);
      try {
        const booking = await this.bookings.create(value, user);
        return redirect(res, `/seances/${booking.id}?fait=reservee`);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') throw error;
        const field = error instanceof DomainError && error.code === 'NOT_QUALIFIED' ? 'participantIds' : 'debut';
        return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, { [field]: await this.refusals.explain(error, slot, user) }, 422);
      }
    }

    const dto = await this.seriesDto(body, machine, values, slot, errors);
    if (!dto) return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, errors, 422);
    let preview;
    try {
      preview = await this.series.preview(dto, user);
    } catch (error) {
      return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, this.seriesError(error), 422);
    }
    const minutes = Number(values.minutes);
    const lines: OccurrenceLine[] = [
      ...preview.bookable.map((o) => ({ ...o, refusal: null })),
      ...(await this.explainSkipped(preview.skipped, minutes, user)),
    ].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const back = `/formateur/reserver?machine=${machine.id}&semaine=${formText(body, 'semaine')}&jour=${values.jour}&debut=${values.debut}#reserver`;
    sendPage(res, <SeriesPreviewPage page={page} machine={choice(machine)} lines={lines} values={values} back={back} dates={this.dates} now={this.clock.now()} />);
  }

  /** Confirms a previewed series: books every date still free, reports the others with why. */
  @Post('serie')
  async confirmSeries(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    const machine = await this.machine(formText(body, 'machineId'));
    const { values, errors, slot } = await this.read(body, user);
    this.checkRepetition(values, errors);
    const dto = slot && Object.keys(errors).length === 0 ? await this.seriesDto(body, machine, values, slot, errors) : null;
    if (!dto) return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, errors, 422);
    let report;
    try {
      report = await this.series.create(dto, user);
    } catch (error) {
      return this.renderWeek(page, res, machine, formText(body, 'semaine'), values, this.seriesError(error), 422);
    }
    // Post/redirect/get: reloading the report must not send the series again.
    if (report.seriesId) return redirect(res, `/formateur/reserver/serie/${report.seriesId}`);
    // Nothing was booked (nothing written): the report is the answer, and sending it again is harmless.
    await this.renderReport(page, res, machine, report, Number(values.minutes), user);
  }

  /** A series' report read again (its bookings as they stand now, the dates it could not book and why). */
  @Get('serie/:id')
  async showSeries(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Booking series');
    const user = page.user as AuthUser;
    const report = await this.series.report(id, user);
    const first = report.created[0];
    const machine = await this.machines.get(first.machineId);
    const minutes = Math.round((Date.parse(first.endsAt) - Date.parse(first.startsAt)) / 60_000);
    await this.renderReport(page, res, machine, report, minutes, user);
  }

  private async renderReport(page: PageContext, res: Response, machine: Machine, report: SeriesReport, minutes: number, user: AuthUser): Promise<void> {
    const lines: OccurrenceLine[] = [
      ...report.created.map((b) => ({ startsAt: b.startsAt, endsAt: b.endsAt, refusal: null, bookingId: b.id })),
      ...(await this.explainSkipped(report.skipped, minutes, user)),
    ].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    sendPage(res, <SeriesReportPage page={page} machine={choice(machine)} lines={lines} dates={this.dates} now={this.clock.now()} />);
  }

  /** The form's values and the page's own checks (the services check the rest). */
  private async read(body: unknown, user: AuthUser): Promise<{ values: BookingFormValues; errors: FieldErrors; slot: { start: Date; end: Date } | null }> {
    const values: BookingFormValues = {
      jour: formText(body, 'jour'),
      debut: formText(body, 'debut'),
      minutes: formText(body, 'minutes'),
      kind: formText(body, 'kind'),
      title: formText(body, 'title'),
      participantIds: formList(body, 'participantIds'),
      repetition: formText(body, 'repetition') || 'une',
      everyWeeks: formText(body, 'everyWeeks') || '1',
      count: formText(body, 'count'),
      until: formText(body, 'until'),
    };
    const errors: FieldErrors = {};
    const zone = this.dates.zone;
    if (!DATE.test(values.jour) || !DateTime.fromISO(values.jour, { zone }).isValid) errors.jour = MESSAGES.jour;
    if (!isStartClock(values.debut)) errors.debut = MESSAGES.debut;
    const minutes = Number(values.minutes);
    if (!LENGTH_CHOICES.includes(minutes)) errors.minutes = MESSAGES.minutes;
    if (values.kind !== 'session' && values.kind !== 'training') errors.kind = MESSAGES.kind;
    if (values.title.length > 160) errors.title = MESSAGES.title;
    if (!['une', 'hebdo'].includes(values.repetition)) errors.repetition = MESSAGES.repetition;
    const mine = new Set((await this.youngPeople(user)).map((p) => p.id));
    if (values.participantIds.some((id) => !mine.has(id))) errors.participantIds = MESSAGES.participantIds;
    const start = DateTime.fromISO(`${values.jour}T${values.debut}`, { zone });
    const slot = Object.keys(errors).length === 0 && start.isValid ? { start: start.toJSDate(), end: start.plus({ minutes }).toJSDate() } : null;
    return { values, errors, slot };
  }

  private checkRepetition(values: BookingFormValues, errors: FieldErrors): void {
    if (!['1', '2', '3', '4'].includes(values.everyWeeks)) errors.everyWeeks = MESSAGES.everyWeeks;
    const hasCount = values.count !== '';
    const hasUntil = values.until !== '';
    if (hasCount === hasUntil) errors.count = hasCount ? 'Indiquez soit un nombre de séances, soit une date de fin, pas les deux.' : MESSAGES.count;
    else if (hasCount && !(/^\d{1,2}$/.test(values.count) && Number(values.count) >= 2 && Number(values.count) <= 52)) errors.count = MESSAGES.count;
    else if (hasUntil && (!DATE.test(values.until) || !DateTime.fromISO(values.until).isValid || values.until <= values.jour)) errors.until = MESSAGES.until;
  }

  private async seriesDto(body: unknown, machine: Machine, values: BookingFormValues, slot: { start: Date; end: Date }, errors: FieldErrors): Promise<CreateSeriesDto | null> {
    const { value, errors: dtoErrors } = await readForm(
      CreateSeriesDto,
      body,
      { kind: MESSAGES.kind, title: MESSAGES.title, everyWeeks: MESSAGES.everyWeeks, count: MESSAGES.count, until: MESSAGES.until },
      {
        machineId: machine.id,
        firstStartsAt: `${values.jour}T${values.debut}`,
        durationMinutes: Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
        participantIds: values.participantIds,
      },
    );
    Object.assign(errors, dtoErrors);
    return Object.keys(errors).length > 0 ? null : value;
  }

  /** A series refused as a whole (too many dates, a shape error): said on the form. */
  private seriesError(error: unknown): FieldErrors {
    if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
    const fields = ((error.details as { field: string }[] | undefined) ?? []).map((d) => d.field);
    if (fields.includes('until') || fields.includes('count')) return { until: 'Une série compte au plus 52 séances : choisissez une date de fin plus proche.' };
    return { debut: 'Ce créneau n’est pas possible : il dure de 15 minutes à 8 heures et commence à l’heure, au quart, à la demie ou à moins le quart.' };
  }

  private async explainSkipped(skipped: { startsAt: string; error: { code: string; message: string; details?: unknown } }[], minutes: number, user: AuthUser): Promise<OccurrenceLine[]> {
    const lines: OccurrenceLine[] = [];
    for (const s of skipped) {
      const start = new Date(s.startsAt);
      const end = new Date(start.getTime() + minutes * 60_000);
      const error = new DomainError(s.error.code as DomainError['code'], s.error.message, s.error.details);
      const week = mondayOf(DateTime.fromJSDate(start, { zone: this.dates.zone })).toISODate() ?? undefined;
      lines.push({ startsAt: s.startsAt, endsAt: end.toISOString(), refusal: await this.refusals.explain(error, { start, end }, user), week });
    }
    return lines;
  }

  private async renderWeek(page: PageContext, res: Response, machine: Machine, week: string, values: BookingFormValues, errors: FieldErrors, status = 200): Promise<void> {
    const user = page.user as AuthUser;
    const zone = this.dates.zone;
    const now = this.clock.now();
    const { monday, thisWeek, lastWeek } = this.weekOf(week, now);
    const from = monday.toJSDate();
    const to = monday.plus({ weeks: 1 }).toJSDate();
    const [view, windows, hours, people, mine] = await Promise.all([
      this.availability.forMachine(machine.id, { from: from.toISOString(), to: to.toISOString() }),
      this.workOrders.activeWindows(machine.id, from, to),
      this.openingHours.current(),
      this.youngPeople(user),
      this.bookings.list({ machineId: machine.id, from: from.toISOString(), to: to.toISOString(), mine: true, status: 'confirmed', limit: 50, offset: 0 } as never, user),
    ]);
    const titles = await Promise.all(windows.map((w) => this.workOrders.get(w.workOrderId).then((o) => o.title).catch(() => null)));
    const days = weekGrid({
      zone,
      weekStart: monday,
      hours,
      free: view.free.map((f) => ({ start: new Date(f.startsAt), end: new Date(f.endsAt) })),
      maintenance: windows.map((w, i) => ({ start: w.start, end: w.end, title: titles[i] })),
      own: mine.items.map((b) => ({ start: new Date(b.startsAt), end: new Date(b.endsAt), id: b.id })),
      now,
    });
    let chosen: { date: string; starts: string[]; maxMinutes: number } | null = null;
    const formErrors = { ...errors };
    if (values.jour && values.debut) {
      const day = days.find((d) => d.date === values.jour);
      const segment = day?.segments.find((s) => s.kind === 'free' && s.from <= values.debut && values.debut < s.to);
      if (segment) {
        chosen = { date: values.jour, starts: quarters(segment.from, segment.to), maxMinutes: (minutesOf(segment.to) ?? 0) - (minutesOf(segment.from) ?? 0) };
      } else if (day && Object.keys(errors).length > 0) {
        // A refused post: keep the form, with every quarter of the day's opening hours.
        const open = day.segments.filter((s) => s.kind !== 'past');
        chosen = { date: values.jour, starts: open.flatMap((s) => quarters(s.from, s.to)), maxMinutes: 0 };
        if (!chosen.starts.includes(values.debut)) chosen.starts = [values.debut, ...chosen.starts].sort();
      } else if (day) {
        formErrors.jour = 'Ce créneau n’est plus libre. Choisissez-en un autre.';
      }
    }
    const category = machine.category;
    const ids = people.map((p) => p.id);
    const unqualified = new Set(machine.requiresQualification ? await this.qualifications.unqualified(ids, category, chosen ? new Date(`${chosen.date}T12:00:00Z`) : now) : []);
    const label = this.weekLabel(monday, now);
    sendPage(
      res,
      <BookingWeekPage
        page={page}
        machine={choice(machine)}
        week={{
          start: monday.toISODate() ?? '',
          label,
          previous: monday > thisWeek ? monday.minus({ weeks: 1 }).toISODate() : null,
          next: monday < lastWeek ? monday.plus({ weeks: 1 }).toISODate() : null,
        }}
        days={days}
        dates={this.dates}
        now={now}
        chosen={chosen}
        people={people.map((p) => ({ ...p, qualified: !unqualified.has(p.id) }))}
        values={{ ...values, minutes: values.minutes || EMPTY_FORM.minutes }}
        errors={formErrors}
      />,
      status,
    );
  }

  /** "Any machine of this category": the week's free stretches of each available one, closures with their reason. */
  private async renderCategory(page: PageContext, res: Response, machines: Machine[], category: MachineCategory, week: string): Promise<void> {
    const zone = this.dates.zone;
    const now = this.clock.now();
    const { monday, thisWeek, lastWeek } = this.weekOf(week, now);
    const from = monday.toJSDate();
    const to = monday.plus({ weeks: 1 }).toJSDate();
    const ofCategory = machines.filter((m) => m.category === category && m.status === 'available');
    const [hours, views] = await Promise.all([
      this.openingHours.current(),
      Promise.all(ofCategory.map((m) => this.availability.forMachine(m.id, { from: from.toISOString(), to: to.toISOString() }))),
    ]);
    const grids = ofCategory.map((m, i) => ({
      machine: choice(m),
      days: weekGrid({ zone, weekStart: monday, hours, free: views[i].free.map((f) => ({ start: new Date(f.startsAt), end: new Date(f.endsAt) })), maintenance: [], now }),
    }));
    const template = grids[0]?.days ?? weekGrid({ zone, weekStart: monday, hours, free: [], maintenance: [], now });
    const days = template.map((day) => {
      const closed = day.segments.every((s) => s.kind === 'closed') ? day.segments[0]?.label : undefined;
      const free = grids
        .flatMap((g) => (g.days.find((d) => d.date === day.date)?.segments ?? []).filter((s) => s.kind === 'free').map((s) => ({ machine: g.machine, from: s.from, to: s.to })))
        .sort((a, b) => a.from.localeCompare(b.from) || a.machine.name.localeCompare(b.machine.name, 'fr'));
      return { date: day.date, start: day.start, free, closed };
    });
    sendPage(
      res,
      <CategoryWeekPage
        page={page}
        category={category}
        week={{
          start: monday.toISODate() ?? '',
          label: this.weekLabel(monday, now),
          previous: monday > thisWeek ? monday.minus({ weeks: 1 }).toISODate() : null,
          next: monday < lastWeek ? monday.plus({ weeks: 1 }).toISODate() : null,
        }}
        days={days}
        dates={this.dates}
        now={now}
      />,
    );
  }

  /** The Monday asked for (`yyyy-MM-dd`), kept between this week and the one holding the last day one may book. */
  private weekOf(week: string, now: Date): { monday: DateTime; thisWeek: DateTime; lastWeek: DateTime } {
    const zone = this.dates.zone;
    const thisWeek = mondayOf(DateTime.fromJSDate(now, { zone }));
    const lastWeek = mondayOf(DateTime.fromJSDate(now, { zone }).plus({ days: MAX_DAYS_AHEAD }));
    const asked = DATE.test(week) ? DateTime.fromISO(week, { zone }) : thisWeek;
    let monday = asked.isValid ? mondayOf(asked) : thisWeek;
    if (monday < thisWeek) monday = thisWeek;
    if (monday > lastWeek) monday = lastWeek;
    return { monday, thisWeek, lastWeek };
  }

  private weekLabel(monday: DateTime, now: Date): string {
    return `Semaine du ${this.dates.day(monday.toJSDate(), now)} au ${this.dates.day(monday.plus({ days: 6 }).toJSDate(), now)}`;
  }

  /** The young people the trainer's organisation referred (what the participants' scope lets them see of it). */
  private async youngPeople(user: AuthUser): Promise<{ id: string; name: string }[]> {
    if (user.partnerId === null) return [];
    // Every one of them, page after page, narrowed to their partner by the query itself: the
    // trainer's scope also holds other partners' young people who came to their sessions.
    const people: { id: string; name: string }[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.participants.list({ partnerId: user.partnerId, limit: PAGE, offset } as ListParticipantsQuery, user);
      for (const p of page.items) {
        if (p.referredByPartnerId === user.partnerId) people.push({ id: p.id, name: `${p.firstName} ${p.lastName}` });
      }
      if (page.items.length < PAGE || offset + PAGE >= page.total) return people;
    }
  }

  private async bookable(): Promise<Machine[]> {
    const all = await this.machines.listAll();
    return all.filter((m) => m.status !== 'retired').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  private async machine(id: unknown): Promise<Machine> {
    if (!isUuid(id)) throw DomainError.notFound('Machine');
    const machine = await this.machines.get(id);
    if (machine.status === 'retired') throw DomainError.notFound('Machine');
    return machine;
  }
}

const choice = (m: Machine): MachineChoice => ({
  id: m.id,
  name: m.name,
  code: m.code,
  category: m.category,
  status: m.status,
  location: m.location,
  requiresQualification: m.requiresQualification,
});

/** "HH:mm" every quarter from `from` to the last quarter before `to`. */
function quarters(from: string, to: string): string[] {
  const out: string[] = [];
  const end = minutesOf(to) ?? 0;
  for (let m = minutesOf(from) ?? 0; m + 15 <= end; m += 15) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
}
