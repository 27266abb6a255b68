import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { BookingUseService } from '../../bookings/booking-use.service.js';
import type { BookingView } from '../../bookings/booking-view.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import { CancelBookingDto } from '../../bookings/dto/cancel-booking.dto.js';
import { CheckOutDto } from '../../bookings/dto/check-out.dto.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/time/clock.service.js';
import { MachinesService } from '../../machines/machines.service.js';
import { ParticipantsService } from '../../participants/participants.service.js';
import { PartnersService } from '../../partners/partners.service.js';
import { minutesOf } from '../../settings/opening-hours-rules.js';
import { OpeningHoursService } from '../../settings/opening-hours.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid, safeReturnPath } from '../shell/web-paths.js';
import type { PageContext } from '../shell/web-request.js';
import { BookingRefusals } from './booking-refusals.service.js';
import { formList } from './form-lists.js';
import { SessionPage } from './session.pages.js';
import { isStartClock, noticeFor, type SessionErrors } from './session-words.js';

const MINUTE_MS = 60_000;

/**
 * `/seances/:bookingId`: a session for the trainer who booked it and for the fablab's team —
 * welcome the group (who came), end it (who came, minutes used), move it, cancel it with a
 * reason. The one-tap posts accept `retour` (a local path, checked by safeReturnPath) so the
 * team's day page can post here and come back. Anyone else: "page introuvable".
 */
@WebPages()
@ForRoles('trainer', 'facilitator', 'admin')
@Controller('seances')
export class SessionController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly use: BookingUseService,
    private readonly machines: MachinesService,
    private readonly participants: ParticipantsService,
    private readonly partners: PartnersService,
    private readonly openingHours: OpeningHoursService,
    private readonly refusals: BookingRefusals,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  async show(@Page() page: PageContext, @Param('id') id: string, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const booking = await this.visible(page, id);
    await this.render(page, res, booking, noticeFor(done), null);
  }

  /** Check-in. Without `liste` (a one-tap button elsewhere) the attendance is left to the check-out. */
  @Post(':id/arrivee')
  async checkIn(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const booking = await this.visible(page, id);
    const user = page.user as AuthUser;
    const listed = formText(body, 'liste') === '1';
    const attendeeIds = listed ? formList(body, 'attendeeIds').filter(isUuid) : undefined;
    if (attendeeIds && attendeeIds.length === 0 && booking.participantIds.length > 0) {
      return this.fail(page, res, booking, 'arrivee', { attendeeIds: 'Cochez les jeunes présents (au moins un).' }, { attendeeIds: '' });
    }
    try {
      await this.use.checkIn(id, attendeeIds, user);
    } catch (error) {
      return this.fail(page, res, booking, 'arrivee', { [listed ? 'attendeeIds' : '_form']: this.useRefusal(error, booking) }, { attendeeIds: (attendeeIds ?? []).join(',') });
    }
    redirect(res, safeReturnPath(formText(body, 'retour')) ?? `/seances/${id}?fait=arrivee`);
  }

  /** Check-out: who came (the list, else the check-in's, else everyone planned) and the minutes used. */
  @Post(':id/depart')
  async checkOut(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const booking = await this.visible(page, id);
    const user = page.user as AuthUser;
    const listed = formText(body, 'liste') === '1';
    const attendeeIds = listed ? formList(body, 'attendeeIds').filter(isUuid) : undefined;
    const booked = lengthOf(booking);
    const { value, errors } = await readForm(CheckOutDto, body, { usedMinutes: `Indiquez un nombre entier de minutes, de 0 à ${booked}.` }, attendeeIds ? { attendeeIds } : {});
    if (!errors.usedMinutes && value.usedMinutes !== undefined && value.usedMinutes > booked) {
      errors.usedMinutes = `La séance a été réservée pour ${booked} minutes : indiquez au plus ${booked} minutes.`;
    }
    const values = { attendeeIds: (attendeeIds ?? []).join(','), usedMinutes: formText(body, 'usedMinutes') };
    if (Object.keys(errors).length > 0) return this.fail(page, res, booking, 'depart', errors, values);
    try {
      await this.use.checkOut(id, value, user);
    } catch (error) {
      return this.fail(page, res, booking, 'depart', { [listed ? 'attendeeIds' : '_form']: this.useRefusal(error, booking) }, values);
    }
    redirect(res, safeReturnPath(formText(body, 'retour')) ?? `/seances/${id}?fait=terminee`);
  }

  /** A new day, start and length; every booking rule applies, refusals explained. */
  @Post(':id/deplacer')
  async move(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const booking = await this.visible(page, id);
    const values = { jour: formText(body, 'jour'), debut: formText(body, 'debut'), minutes: formText(body, 'minutes') };
    const errors: FieldErrors = {};
    const zone = this.dates.zone;
    const start = DateTime.fromISO(`${values.jour}T${values.debut}`, { zone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.jour) || !DateTime.fromISO(values.jour, { zone }).isValid) errors.jour = 'Indiquez le nouveau jour (jour, mois, année).';
    if (!isStartClock(values.debut)) errors.debut = 'Choisissez l’heure de début.';
    const minutes = Number(values.minutes);
    if (!Number.isInteger(minutes) || minutes < 15 || minutes > 480) errors.minutes = 'Choisissez la durée.';
    if (Object.keys(errors).length === 0 && !start.isValid) errors.jour = 'Ce jour et cette heure n’existent pas.';
    if (Object.keys(errors).length > 0) return this.fail(page, res, booking, 'deplacer', errors, values);
    const slot = { start: start.toJSDate(), end: start.plus({ minutes }).toJSDate() };
    try {
      await this.bookings.update(id, { startsAt: slot.start.toISOString(), endsAt: slot.end.toISOString() }, page.user as AuthUser);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') throw error;
      return this.fail(page, res, booking, 'deplacer', { jour: await this.refusals.explain(error, slot, page.user as AuthUser) }, values);
    }
    redirect(res, `/seances/${id}?fait=deplacee`);
  }

  /** Cancels with a reason the attendees are told (the bookings service notifies them). */
  @Post(':id/annuler')
  async cancel(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const booking = await this.visible(page, id);
    const { value, errors } = await readForm(CancelBookingDto, body, { reason: 'Dites en quelques mots pourquoi (500 caractères au plus) : les jeunes recevront ce message.' });
    if (!value.reason && !errors.reason) errors.reason = 'Dites en quelques mots pourquoi : les jeunes inscrits recevront ce message.';
    const values = { reason: formText(body, 'reason') };
    if (Object.keys(errors).length > 0) return this.fail(page, res, booking, 'annuler', errors, values);
    try {
      await this.bookings.cancel(id, value.reason, page.user as AuthUser);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INVALID_TRANSITION') throw error;
      return this.fail(page, res, booking, 'annuler', { reason: 'Cette séance ne peut plus être annulée : elle a commencé, elle est finie ou elle est déjà annulée.' }, values);
    }
    redirect(res, safeReturnPath(formText(body, 'retour')) ?? `/seances/${id}?fait=annulee`);
  }

  /** The booking if the caller may act on it: its author (a trainer) or the team; anyone else 404. */
  private async visible(page: PageContext, id: string): Promise<BookingView> {
    if (!isUuid(id)) throw DomainError.notFound('Booking');
    const user = page.user as AuthUser;
    const booking = await this.bookings.detail(id, user);
    if (user.role === 'trainer' && booking.authorId !== user.id) throw DomainError.notFound('Booking');
    return booking;
  }

  /** Why check-in or check-out was refused, from the booking as it was and the clock. */
  private useRefusal(error: unknown, booking: BookingView): string {
    if (!(error instanceof DomainError)) throw error;
    const now = this.clock.now();
    const start = new Date(booking.startsAt);
    switch (error.code) {
      case 'MACHINE_UNAVAILABLE':
        return 'La machine est en panne ou en entretien : le groupe ne peut pas s’en servir maintenant. Voyez avec l’équipe du fablab.';
      case 'VALIDATION_FAILED':
        return 'Cochez seulement des jeunes inscrits à cette séance.';
      case 'INVALID_TRANSITION':
        if (booking.status !== 'confirmed') return 'Cette séance est déjà terminée ou annulée.';
        if (!booking.checkedInAt && now.getTime() < start.getTime() - 30 * MINUTE_MS) {
          return `L’accueil du groupe s’ouvre 30 minutes avant le début, à ${this.dates.time(new Date(start.getTime() - 30 * MINUTE_MS))}.`;
        }
        if (!booking.checkedInAt && now.getTime() >= new Date(booking.endsAt).getTime()) return 'Cette séance est finie : son accueil ne peut plus être enregistré.';
        if (booking.checkedInAt && now.getTime() < start.getTime()) return `La séance n’a pas encore commencé : vous pourrez la terminer à partir de ${this.dates.time(start)}.`;
        if (booking.checkedInAt) return 'L’arrivée du groupe est déjà enregistrée.';
        return 'Accueillez d’abord le groupe, puis terminez la séance.';
      default:
        throw error;
    }
  }

  private async fail(page: PageContext, res: Response, booking: BookingView, form: SessionErrors['form'], errors: FieldErrors, values: Record<string, string>): Promise<void> {
    // The booking as it is now: another person may have changed it meanwhile.
    const current = await this.bookings.detail(booking.id, page.user as AuthUser);
    await this.render(page, res, current, null, { form, errors, values }, 422);
  }

  private async render(page: PageContext, res: Response, booking: BookingView, notice: string | null, failed: SessionErrors | null, status = 200): Promise<void> {
    const user = page.user as AuthUser;
    const [machine, names, partner, hours] = await Promise.all([
      this.machines.get(booking.machineId),
      this.participants.namesOf(booking.participantIds, user),
      booking.partnerId ? this.partners.get(booking.partnerId).catch(() => null) : Promise.resolve(null),
      this.openingHours.current(),
    ]);
    const people = booking.participantIds
      .map((id) => ({ id, name: names.get(id) ?? 'Personne sans nom (données effacées)' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const start = DateTime.fromISO(booking.startsAt, { zone: this.dates.zone });
    sendPage(
      res,
      <SessionPage
        page={page}
        booking={booking}
        machine={{ id: machine.id, name: machine.name, code: machine.code, location: machine.location }}
        partnerName={partner?.name ?? null}
        people={people}
        dates={this.dates}
        now={this.clock.now()}
        notice={notice}
        failed={failed}
        startChoices={quarterHours(Object.values(hours.weekly).flat())}
        localStart={{ day: start.toISODate() ?? '', clock: start.toFormat('HH:mm') }}
      />,
      status,
    );
  }
}

const lengthOf = (b: BookingView) => Math.round((new Date(b.endsAt).getTime() - new Date(b.startsAt).getTime()) / MINUTE_MS);

/** "HH:mm" every 15 minutes from the earliest opening to the last quarter before the latest closing of the week. */
export function quarterHours(ranges: [string, string][]): string[] {
  const starts = ranges.map(([from]) => minutesOf(from) ?? 0);
  const ends = ranges.map(([, to]) => minutesOf(to) ?? 0);
  const first = starts.length ? Math.min(...starts) : 9 * 60;
  const last = ends.length ? Math.max(...ends) : 18 * 60;
  const out: string[] = [];
  for (let m = first; m + 15 <= last; m += 15) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
}

