import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../../common/time/clock.service.js';
import { AppConfig } from '../../config/app-config.js';

/**
 * Dates and times as people say them in French, in the fablab's time zone:
 * "mardi 8 décembre", "14 h", "14 h 30", "mardi 8 décembre, 14 h – 16 h".
 */
@Injectable()
export class FrenchDates {
  readonly zone: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.zone = config.timezone;
  }

  /** The application's now (the Clock): what a page calls current, past or this year. */
  now(): Date {
    return this.clock.now();
  }

  private at(iso: string | Date): DateTime {
    const value = typeof iso === 'string' ? DateTime.fromISO(iso) : DateTime.fromJSDate(iso);
    return value.setZone(this.zone).setLocale('fr');
  }

  /** "mardi 8 décembre" (with the year when it is not the current one). */
  day(iso: string | Date, now: Date = this.clock.now()): string {
    const at = this.at(iso);
    const sameYear = at.year === this.at(now).year;
    return at.toFormat(sameYear ? 'cccc d LLLL' : 'cccc d LLLL yyyy');
  }

  /** "14 h" or "14 h 30". */
  time(iso: string | Date): string {
    const at = this.at(iso);
    return at.minute === 0 ? `${at.hour} h` : `${at.hour} h ${String(at.minute).padStart(2, '0')}`;
  }

  /** "mardi 8 décembre, 14 h – 16 h". */
  slot(startsAt: string | Date, endsAt: string | Date, now: Date = this.clock.now()): string {
    return `${this.day(startsAt, now)}, ${this.time(startsAt)} – ${this.time(endsAt)}`;
  }

  /** "8 décembre 2026 à 14 h 30": when something happened. */
  moment(iso: string | Date): string {
    const at = this.at(iso);
    return `${at.toFormat('d LLLL yyyy')} à ${this.time(iso)}`;
  }

  /** "8 décembre 2026". */
  date(iso: string | Date): string {
    return this.at(iso).toFormat('d LLLL yyyy');
  }

  /** The local calendar date, `yyyy-MM-dd`, for day pickers. */
  isoDay(iso: string | Date): string {
    return this.at(iso).toISODate() ?? '';
  }
}

/** "1 h 30", "45 min", "2 h". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** "1 étape", "3 étapes". */
export const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
