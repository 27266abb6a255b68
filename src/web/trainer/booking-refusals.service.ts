import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { overlaps } from '../../common/time/intervals.js';
import { WorkOrdersService } from '../../maintenance/work-orders.service.js';
import { ParticipantsService } from '../../participants/participants.service.js';
import { WEEKDAYS } from '../../settings/opening-hours.js';
import { closureInterval } from '../../settings/opening-hours-rules.js';
import { OpeningHoursService } from '../../settings/opening-hours.service.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL } from '../shell/labels.js';

interface Slot {
  start: Date;
  end: Date;
}

type Details = Record<string, unknown> | undefined;

/** "Lina Martin", "Lina Martin et Sam Durand", "A, B et C". */
export function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/**
 * Why the booking rules refused a slot, said to an adult in plain French with what to do: who
 * lacks which qualification, which booking or maintenance is in the way, which closure (with its
 * reason). Reads only what the caller may see (names through the participants' scope).
 */
@Injectable()
export class BookingRefusals {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly openingHours: OpeningHoursService,
    private readonly workOrders: WorkOrdersService,
    private readonly dates: FrenchDates,
  ) {}

  /** The sentence for a refusal of `slot`; errors that are no refusal (not found, a bug) are thrown again. */
  async explain(error: unknown, slot: Slot, user: AuthUser): Promise<string> {
    if (!(error instanceof DomainError)) throw error;
    const details = (error.details ?? undefined) as Details;
    switch (error.code) {
      case 'NOT_QUALIFIED':
        return this.notQualified(details, user);
      case 'BOOKING_CONFLICT': {
        const conflicts = (details?.conflicts as { startsAt: string; endsAt: string }[] | undefined) ?? [];
        const times = conflicts.map((c) => `de ${this.dates.time(c.startsAt)} à ${this.dates.time(c.endsAt)}`);
        return times.length > 0
          ? `La machine est déjà réservée ${frenchList(times)} ce jour-là. Choisissez un autre horaire.`
          : 'La machine vient d’être réservée par quelqu’un d’autre sur ce créneau. Choisissez un autre horaire.';
      }
      case 'MAINTENANCE_WINDOW':
        return this.maintenance(details);
      case 'OUTSIDE_OPENING_HOURS':
        return this.closed(slot);
      case 'MACHINE_UNAVAILABLE':
        return 'La machine est en panne ou en entretien en ce moment : elle ne prend pas de réservation. Choisissez une autre machine.';
      case 'IN_THE_PAST':
        return 'Ce créneau est déjà commencé ou passé. Choisissez un horaire à venir.';
      case 'TOO_FAR_AHEAD':
        return 'On ne peut pas réserver plus de 90 jours à l’avance. Réservez cette date plus tard.';
      case 'VALIDATION_FAILED':
        return 'Ce créneau n’est pas possible : il dure de 15 minutes à 8 heures et commence à l’heure, au quart, à la demie ou à moins le quart.';
      case 'INVALID_TRANSITION':
        return 'Cette réservation ne peut plus être modifiée : elle a commencé, elle est finie ou elle a été annulée.';
      case 'FORBIDDEN':
        return 'Vous ne pouvez pas faire cette réservation vous-même. Demandez à l’équipe du fablab.';
      default:
        throw error;
    }
  }

  private async notQualified(details: Details, user: AuthUser): Promise<string> {
    const ids = (details?.participantIds as string[] | undefined) ?? [];
    const category = details?.category as keyof typeof CATEGORY_LABEL | undefined;
    const names = await this.participants.namesOf(ids, user);
    const who = ids.map((id) => names.get(id)).filter((n): n is string => Boolean(n));
    const machine = category && CATEGORY_LABEL[category] ? `« ${CATEGORY_LABEL[category]} »` : 'pour cette machine';
    const subject =
      who.length === 0
        ? 'Une personne du groupe n’a pas'
        : who.length === 1
          ? `${who[0]} n’a pas`
          : `${frenchList(who)} n’ont pas`;
    return `${subject} l’habilitation ${machine} valable à cette date : pour une séance, chaque jeune doit l’avoir. Retirez ${who.length > 1 ? 'ces jeunes' : 'cette personne'} de la liste, ou réservez plutôt une formation, encadrée pas à pas par vous ou par l’équipe du fablab : c’est là que l’habilitation s’obtient.`;
  }

  private async maintenance(details: Details): Promise<string> {
    const windows = (details?.windows as { workOrderId: string; startsAt: string; endsAt: string }[] | undefined) ?? [];
    const first = windows[0];
    if (!first) return 'Un entretien de la machine est prévu pendant ce créneau. Choisissez un autre horaire.';
    const title = await this.workOrders
      .get(first.workOrderId)
      .then((order) => order.title)
      .catch(() => null);
    return `Un entretien de la machine est prévu de ${this.dates.time(first.startsAt)} à ${this.dates.time(first.endsAt)}${title ? ` (${title})` : ''}. Choisissez un autre horaire.`;
  }

  /** A closure (with its reason), a day the fablab is shut, or a slot running past the opening hours. */
  private async closed(slot: Slot): Promise<string> {
    const hours = await this.openingHours.current();
    const zone = this.openingHours.timezone;
    const closure = hours.closures.find((c) => overlaps(closureInterval(c, zone), slot));
    if (closure) {
      return closure.reason
        ? `Le fablab est fermé ce jour-là : ${closure.reason}. Choisissez une autre date.`
        : 'Le fablab est fermé ce jour-là. Choisissez une autre date.';
    }
    const local = DateTime.fromJSDate(slot.start, { zone }).setLocale('fr');
    const ranges = hours.weekly[WEEKDAYS[local.weekday - 1]] ?? [];
    if (ranges.length === 0) return `Le fablab est fermé le ${local.toFormat('cccc')}. Choisissez un autre jour.`;
    const said = ranges.map(([from, to]) => `${clock(from)} – ${clock(to)}`);
    return `Le créneau sort des horaires d’ouverture du ${local.toFormat('cccc')} (${frenchList(said)}). Choisissez un autre horaire ou une durée plus courte.`;
  }
}

/** "09:00" → "9 h", "12:30" → "12 h 30". */
export function clock(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}
