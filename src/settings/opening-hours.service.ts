import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { covers, type TimeInterval } from '../common/time/intervals.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { loadDefaultOpeningHours } from './default-opening-hours.js';
import type { OpeningHours } from './opening-hours.js';
import { openIntervals, validateOpeningHours, type OpeningHoursInput } from './opening-hours-rules.js';
import type { OpeningHoursView } from './opening-hours-view.js';
import { Setting } from './setting.entity.js';

export const OPENING_HOURS_KEY = 'opening-hours';

/**
 * When the fablab is open: the weekly schedule and closures, in APP_TIMEZONE. The default
 * ships in config/opening-hours.json; once an admin saves a schedule, the database copy is
 * used. Read from the database on every call, so every instance sees an edit at once.
 * Bookings and metrics build on `openIntervals` and `isWithinOpeningHours`.
 */
@Injectable()
export class OpeningHoursService {
  private readonly defaults: OpeningHours;

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly raw: RawReader,
    @InjectRepository(Setting) private readonly settings: Repository<Setting>,
  ) {
    this.defaults = loadDefaultOpeningHours(config.timezone);
  }

  get timezone(): string {
    return this.config.timezone;
  }

  /**
   * Read raw (one indexed row, its JSON parsed by the column's own type): availability and every
   * booking ask for it, and the repository's query building and entity loading cost several
   * times the read itself.
   */
  async current(): Promise<OpeningHours> {
    const [row] = await this.raw.rows('SELECT value FROM settings WHERE key = :key', { key: OPENING_HOURS_KEY });
    return this.fromStored(row);
  }

  /**
   * The opening hours from the `value` of their `settings` row (key OPENING_HOURS_KEY) read
   * elsewhere (availability reads it with the machine's holds); no row: the shipped default.
   */
  fromStored(row: RawRow | undefined): OpeningHours {
    return row ? (this.raw.hydrate(Setting, row).value as OpeningHours) : this.defaults;
  }

  async view(): Promise<OpeningHoursView> {
    const row = await this.settings.findOneBy({ key: OPENING_HOURS_KEY });
    const hours = row ? (row.value as OpeningHours) : this.defaults;
    return {
      timezone: this.timezone,
      weekly: hours.weekly,
      closures: hours.closures,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  }

  /** Replaces the whole document (400 naming every bad field, nothing saved). */
  async replace(input: OpeningHoursInput & { timezone?: string }, actorId: string): Promise<OpeningHoursView> {
    const { hours, errors } = validateOpeningHours({ weekly: input.weekly, closures: input.closures }, this.timezone);
    if (input.timezone !== undefined && input.timezone !== this.timezone) {
      errors.push({ field: 'timezone', message: `the fablab's time zone is ${this.timezone} (APP_TIMEZONE): it is not changed here` });
    }
    if (errors.length > 0) throw DomainError.validation(errors, 'Invalid opening hours');
    await this.tx.run(() => {
      const settings = this.tx.manager.getRepository(Setting);
      return settings.save(settings.create({ key: OPENING_HOURS_KEY, value: hours, updatedBy: actorId }));
    });
    return this.view();
  }

  /** The UTC intervals of [from, to) when the fablab is open, closures removed, sorted and merged. */
  async openIntervals(from: Date, to: Date): Promise<TimeInterval[]> {
    return this.openIntervalsOf(await this.current(), from, to);
  }

  /** `openIntervals` of opening hours already read (`fromStored`). */
  openIntervalsOf(hours: OpeningHours, from: Date, to: Date): TimeInterval[] {
    return openIntervals(hours, this.timezone, from, to);
  }

  /** True when the fablab is open during the whole of [start, end). */
  async isWithinOpeningHours(start: Date, end: Date): Promise<boolean> {
    return this.isWithinOpeningHoursOf(await this.current(), start, end);
  }

  /** `isWithinOpeningHours` of opening hours already read (`fromStored`); an empty or reversed range is not. */
  isWithinOpeningHoursOf(hours: OpeningHours, start: Date, end: Date): boolean {
    if (end.getTime() <= start.getTime()) return false;
    return covers(this.openIntervalsOf(hours, start, end), { start, end });
  }
}
