import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import { Clock } from '../common/time/clock.service.js';
import { MachinesService } from '../machines/machines.service.js';
import { isDateOnly, parseInstant } from '../common/time/instants.js';
import type { TimeInterval } from '../common/time/intervals.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { BookingChecksService } from './booking-checks.service.js';
import { BookingSeries } from './booking-series.entity.js';
import type { SeriesPreview, SeriesReport, SkippedOccurrence } from './series-report-view.js';
import { Booking as BookingEntity, type Booking } from './booking.entity.js';
import { type BookingDraft, BookingsService } from './bookings.service.js';
import type { CreateSeriesDto } from './dto/create-series.dto.js';
import { MAX_SERIES_OCCURRENCES, recurrenceRule, type SeriesRecurrence, seriesOccurrences } from './series-occurrences.js';

const MINUTE_MS = 60_000;

/**
 * Recurring series: every N weeks at the same local time, `count` times or until a date (at
 * most 52). Each occurrence goes through every booking rule. Without `allOrNothing` the free
 * ones are booked and the others reported; with it, one failure books nothing and the report
 * comes back as the error's details, with the code of the first failing occurrence.
 */
@Injectable()
export class BookingSeriesService {
  private readonly logger = new Logger(BookingSeriesService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly bookings: BookingsService,
    private readonly checks: BookingChecksService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly machines: MachinesService,
  ) {}

  async create(dto: CreateSeriesDto, user: AuthUser): Promise<SeriesReport> {
    const { series, drafts } = await this.prepare(dto, user);
    const now = this.clock.now();
    const { created, skipped } = dto.allOrNothing
      ? await this.allOrNothing(series, drafts, now, user)
      : await this.eachOnItsOwn(series, drafts, now, user);
    if (created.length > 0 && skipped.length > 0) {
      // Kept with the series, so that its report can be read again (GET /bookings/series/:id/report).
      series.skipped = skipped;
      await this.tx.run(async () => {
        await this.tx.manager.getRepository(BookingSeries).save(series);
      });
    }
    this.logger.log({ seriesId: series.id, created: created.length, skipped: skipped.length }, 'booking series processed');
    return { seriesId: created.length > 0 ? series.id : null, created: await this.bookings.views(created, user), skipped };
  }

  /**
   * A series' report read again: the bookings it made (as they stand now: moved, cancelled…) and
   * the dates it could not book, and why, as they were when it was made. For its author,
   * facilitators and admins; anyone else gets 404.
   */
  async report(seriesId: string, user: AuthUser): Promise<SeriesReport> {
    const series = await this.tx.manager.getRepository(BookingSeries).findOneBy({ id: seriesId });
    if (!series || !(series.authorId === user.id || user.role === 'facilitator' || user.role === 'admin')) {
      throw DomainError.notFound('Booking series');
    }
    const made = await this.tx.manager.getRepository(BookingEntity).find({ where: { seriesId }, order: { startsAt: 'ASC' } });
    return { seriesId, created: await this.bookings.views(made, user), skipped: series.skipped ?? [] };
  }

  /**
   * What `create` would book and what it would skip, and why, without writing anything: every
   * occurrence goes through every rule (in one transaction that writes nothing, the machine row
   * locked as a booking would). Another booking may still take a free date before the series is
   * confirmed: `create` checks again.
   */
  async preview(dto: CreateSeriesDto, user: AuthUser): Promise<SeriesPreview> {
    const { drafts } = await this.prepare(dto, user);
    const now = this.clock.now();
    const refusals = new Map<BookingDraft, SkippedOccurrence>();
    const open: BookingDraft[] = [];
    for (const draft of drafts) {
      try {
        await this.checks.assertOpen(draft.slot, now);
        open.push(draft);
      } catch (error) {
        refusals.set(draft, skippedOccurrence(draft.slot, error));
      }
    }
    await this.tx.run(async () => {
      for (const draft of open) {
        try {
          await this.checks.assertFree({ machineId: draft.machineId, kind: draft.kind, slot: draft.slot, participantIds: draft.participantIds });
        } catch (error) {
          refusals.set(draft, skippedOccurrence(draft.slot, error));
        }
      }
    });
    return {
      bookable: drafts.filter((d) => !refusals.has(d)).map((d) => ({ startsAt: d.slot.start.toISOString(), endsAt: d.slot.end.toISOString() })),
      skipped: drafts.flatMap((d) => refusals.get(d) ?? []),
    };
  }

  /** The series row (not saved yet) and its occurrences, checked for shape, references and attendees. */
  private async prepare(dto: CreateSeriesDto, user: AuthUser): Promise<{ series: BookingSeries; drafts: BookingDraft[] }> {
    const terms = this.checks.termsFor(user, dto);
    const { first, recurrence } = this.readRecurrence(dto);
    const starts = seriesOccurrences(first, recurrence, this.config.timezone);
    if (starts.length > MAX_SERIES_OCCURRENCES) {
      throw DomainError.validation([{ field: 'until', message: `a series has at most ${MAX_SERIES_OCCURRENCES} occurrences` }]);
    }
    const errors: FieldError[] = [];
    errors.push(...(await this.checks.referenceErrors(dto.machineId, terms.partnerId)));
    if (errors.length > 0) throw DomainError.validation(errors);
    await this.checks.assertKnownAttendees(terms.participantIds, user);

    const series = this.tx.manager.getRepository(BookingSeries).create({
      machineId: dto.machineId,
      kind: dto.kind,
      rule: recurrenceRule(recurrence, this.config.timezone),
      firstStartsAt: first,
      durationMinutes: dto.durationMinutes,
      authorId: user.id,
    });
    const drafts: BookingDraft[] = starts.map((start) => ({
      ...terms,
      machineId: dto.machineId,
      kind: dto.kind,
      slot: { start, end: new Date(start.getTime() + dto.durationMinutes * MINUTE_MS) },
      title: dto.title ?? null,
      seriesId: series.id,
    }));
    return { series, drafts };
  }

  /** Each occurrence in its own transaction: what is free is booked. */
  private async eachOnItsOwn(series: BookingSeries, drafts: BookingDraft[], now: Date, user: AuthUser) {
    const created: Booking[] = [];
    const skipped: SkippedOccurrence[] = [];
    for (const draft of drafts) {
      try {
        await this.checks.assertOpen(draft.slot, now);
        const saveSeries = created.length === 0;
        created.push(
          await this.tx.run(async () => {
            if (saveSeries) await this.saveSeries(series);
            return this.bookings.reserve(draft, user.id);
          }),
        );
      } catch (error) {
        skipped.push(skippedOccurrence(draft.slot, error));
      }
    }
    return { created, skipped };
  }

  /**
   * One transaction: every occurrence is checked (occurrences of a series never overlap one
   * another: a week apart, 8 hours at most) before any is written; one failure and nothing is.
   */
  private async allOrNothing(series: BookingSeries, drafts: BookingDraft[], now: Date, user: AuthUser) {
    const skipped: SkippedOccurrence[] = [];
    const open: BookingDraft[] = [];
    for (const draft of drafts) {
      try {
        await this.checks.assertOpen(draft.slot, now);
        open.push(draft);
      } catch (error) {
        skipped.push(skippedOccurrence(draft.slot, error));
      }
    }
    const created = await this.tx.run(async () => {
      for (const draft of open) {
        try {
          await this.checks.assertFree({ machineId: draft.machineId, kind: draft.kind, slot: draft.slot, participantIds: draft.participantIds });
        } catch (error) {
          skipped.push(skippedOccurrence(draft.slot, error));
        }
      }
      if (skipped.length > 0) {
        skipped.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
        throw new DomainError(
          skipped[0].error.code,
          `${skipped.length} of ${drafts.length} occurrences cannot be booked: nothing was created`,
          { created: [], skipped },
        );
      }
      await this.saveSeries(series);
      const written: Booking[] = [];
      for (const draft of drafts) written.push(await this.bookings.reserve(draft, user.id));
      return written;
    });
    return { created, skipped };
  }

  /**
   * In the caller's transaction, the machine row locked first: every booking write locks it
   * (FOR UPDATE) before anything else, and the series row's foreign key would otherwise take a
   * share lock on it beforehand — two series on one machine then each wait to upgrade their
   * share lock, and PostgreSQL kills one with `deadlock detected`. One order for every lock.
   */
  private async saveSeries(series: BookingSeries): Promise<void> {
    await this.machines.findForChange(series.machineId);
    await this.tx.manager.getRepository(BookingSeries).save(series);
  }

  /** The first start and the recurrence (400 naming the field when they do not make a series). */
  private readRecurrence(dto: CreateSeriesDto): { first: Date; recurrence: SeriesRecurrence } {
    const zone = this.config.timezone;
    const errors: FieldError[] = [];
    const first = parseInstant(dto.firstStartsAt, zone);
    if (!first) errors.push({ field: 'firstStartsAt', message: 'firstStartsAt must be an ISO 8601 date-time' });
    errors.push(...this.checks.seriesShapeErrors(first, dto.durationMinutes));
    let until: Date | undefined;
    if ((dto.count === undefined) === (dto.until === undefined)) {
      errors.push({ field: 'count', message: 'give either count or until' });
    } else if (dto.until !== undefined) {
      // A date alone means the whole of that local day.
      until = isDateOnly(dto.until)
        ? DateTime.fromISO(dto.until, { zone }).endOf('day').toJSDate()
        : parseInstant(dto.until, zone) ?? undefined;
      if (!until) errors.push({ field: 'until', message: 'until must be an ISO 8601 date or date-time' });
      else if (first && until.getTime() < first.getTime()) errors.push({ field: 'until', message: 'until must not be before firstStartsAt' });
    }
    if (errors.length > 0 || !first) throw DomainError.validation(errors);
    return { first, recurrence: { everyWeeks: dto.everyWeeks, count: dto.count, until } };
  }
}

function skippedOccurrence(slot: TimeInterval, error: unknown): SkippedOccurrence {
  if (!(error instanceof DomainError)) throw error;
  const reported: SkippedOccurrence['error'] = { code: error.code, message: error.message };
  if (error.details !== undefined) reported.details = error.details;
  return { startsAt: slot.start.toISOString(), error: reported };
}
