import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { isExclusionViolation } from '../common/errors/database-errors.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { type Page, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { parseInstant } from '../common/time/instants.js';
import type { TimeInterval } from '../common/time/intervals.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import { RawWriter } from '../database/raw-writer.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { MachinesService } from '../machines/machines.service.js';
import { BookingChecksService } from './booking-checks.service.js';
import type { BookingKind } from './booking-kind.js';
import { BookingAttendance } from './booking-attendance.entity.js';
import { BookingParticipant } from './booking-participant.entity.js';
import { type BookingTerms, cancelViolation, conflictViolation, maintenanceViolation, moveViolation } from './booking-rules.js';
import { BookingVisibilityService } from './booking-visibility.service.js';
import { toBookingView, type BookingView } from './booking-view.js';
import { Booking } from './booking.entity.js';
import type { CreateBookingDto } from './dto/create-booking.dto.js';
import type { ListBookingsQuery } from './dto/list-bookings.query.js';
import type { UpdateBookingDto } from './dto/update-booking.dto.js';

/** Coming bookings shown at most, soonest first. */
export const UPCOMING_LIMIT = 20;

/**
 * A learner's coming bookings (`:userId`, `:participantId`, `:at`, `:limit`): those they made and
 * those they attend, soonest first, with `own_planned` / `own_attended` (booleans) — what
 * `upcomingFor` reads for a learner, written for the PostgreSQL dashboard, which aggregates it
 * with the rest of the learner's record in one named statement (LearnerProgressService); rows
 * for `learnerUpcomingViews`.
 *
 * Its plan must not depend on the values. PostgreSQL plans a named statement for its values on
 * every run for as long as such a plan looks cheaper than the generic one, and for a learner it
 * always does (a few staff accounts made most bookings, so an author in general made thousands);
 * planning this cost more than running it (0.3 ms against 0.15 on the ten-year set). So the
 * author and the instant are given as one-row subqueries `(SELECT :x)`, whose values no plan
 * sees: every plan estimates as the generic one does, and PostgreSQL keeps that one. It is a good
 * plan for any learner (checked with EXPLAIN for one who made no booking and one who made 339):
 * - the bookings they made are found by IDX_bookings_author alone, then kept if confirmed
 *   (OFFSET 0 keeps the status out of that scan: with it PostgreSQL would walk every confirmed
 *   booking through the exclusion constraint's partial index instead);
 * - the bookings they attend, by their attendee rows (IDX_booking_participants_participant), then
 *   by id, those they made left out (they come from the first lookup);
 * - whether they are planned and attended is read for the `:limit` rows kept only; a booking found
 *   by its attendee row is planned for them (`listed`, evaluated first: OR stops there), so only
 *   those they made are looked up (the bench's learner, ten coming bookings: 333–347 µs of the
 *   server's CPU for the whole dashboard statement against 360–413, eight rounds each).
 */
export const LEARNER_UPCOMING_BOOKINGS_SQL = `SELECT x.*,
    x.listed OR EXISTS (SELECT 1 FROM booking_participants p WHERE p.booking_id = x.id AND p.participant_id = :participantId) AS own_planned,
    EXISTS (SELECT 1 FROM booking_attendances t WHERE t.booking_id = x.id AND t.participant_id = :participantId) AS own_attended
  FROM (SELECT made.*, false AS listed FROM (SELECT a.* FROM bookings a
                             WHERE a.author_id = (SELECT CAST(:userId AS varchar)) AND a.ends_at > (SELECT CAST(:at AS timestamptz))
                            OFFSET 0) made
         WHERE made.status = 'confirmed'
        UNION ALL
        SELECT b.*, true AS listed FROM booking_participants bp JOIN bookings b ON b.id = bp.booking_id
         WHERE bp.participant_id = :participantId AND b.author_id <> (SELECT CAST(:userId AS varchar))
           AND b.status = 'confirmed' AND b.ends_at > (SELECT CAST(:at AS timestamptz))
        ORDER BY starts_at ASC, id ASC
        LIMIT :limit) x`;

/**
 * The confirmed bookings not over at `:at` that `:userId` made or `:participantId` attends (those
 * BookingVisibilityService.scope shows a learner with `mine`), soonest first, at most `:limit`:
 * `b.*` with `own_planned` and `own_attended` for that participant — their attendee lists as
 * `views` gives them to a learner, in the same statement: `upcomingFor`, and the SQLite learner
 * dashboard's coming bookings (PostgreSQL's reads LEARNER_UPCOMING_BOOKINGS_SQL). The ids come from a UNION ALL of the
 * two lookups, each by its own index: with `author_id = … OR id IN (…)` PostgreSQL walks the
 * exclusion constraint's GiST index over every confirmed booking (5–9 ms on the ten-year data
 * set, against 1 ms).
 */
export const UPCOMING_BOOKINGS_SQL = `SELECT b.*,
    EXISTS (SELECT 1 FROM booking_participants p WHERE p.booking_id = b.id AND p.participant_id = :participantId) AS own_planned,
    EXISTS (SELECT 1 FROM booking_attendances t WHERE t.booking_id = b.id AND t.participant_id = :participantId) AS own_attended
  FROM bookings b
  WHERE b.id IN (SELECT a.id FROM bookings a WHERE a.author_id = :userId AND a.ends_at > :at
                 UNION ALL
                 SELECT bp.booking_id FROM booking_participants bp WHERE bp.participant_id = :participantId)
    AND b.status = 'confirmed' AND b.ends_at > :at
  ORDER BY b.starts_at ASC, b.id ASC
  LIMIT :limit`;

/** A booking about to be written: checked for shape and permissions, not yet against the calendar. */
export interface BookingDraft extends BookingTerms {
  machineId: string;
  kind: BookingKind;
  slot: TimeInterval;
  title: string | null;
  seriesId: string | null;
}

/**
 * Bookings: create, read, move, cancel. Every write runs the checks of BookingChecksService and is
 * written in the same transaction as its checks; on PostgreSQL an exclusion constraint backs
 * the overlap check, and its violation is reported like the check's (409 BOOKING_CONFLICT).
 */
@Injectable()
export class BookingsService {
  private readonly logger = new Logger(BookingsService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly visibility: BookingVisibilityService,
    private readonly checks: BookingChecksService,
    private readonly machines: MachinesService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly raw: RawReader,
    private readonly writer: RawWriter,
  ) {}

  private get bookings(): Repository<Booking> {
    return this.tx.manager.getRepository(Booking);
  }

  async create(dto: CreateBookingDto, user: AuthUser): Promise<BookingView> {
    const terms = this.checks.termsFor(user, dto);
    const errors: FieldError[] = [];
    const slot = this.readSlot(dto.startsAt, dto.endsAt, errors);
    // The machine is looked up in the transaction (BookingChecksService.assertFree); a trainer's own
    // partner exists (their account refers to it): only a partner named by staff is checked here.
    if (dto.partnerId !== undefined && terms.partnerId !== user.partnerId) errors.push(...(await this.checks.partnerErrors(terms.partnerId)));
    if (errors.length > 0) throw DomainError.validation(errors);
    this.checks.assertShape(slot);
    await this.checks.assertKnownAttendees(terms.participantIds, user);
    // PostgreSQL: the opening hours are read with the machine, in the transaction (one round trip
    // less: BookingChecksService.assertFreeWriting); SQLite reads them before.
    const openingHoursInTransaction = !this.tx.isSqlite;
    await this.checks.assertOpen(slot, this.clock.now(), { openingHours: !openingHoursInTransaction });
    const draft: BookingDraft = { ...terms, machineId: dto.machineId, kind: dto.kind, slot, title: dto.title ?? null, seriesId: null };
    const booking = await this.reserve(draft, user.id, { checkOpeningHours: openingHoursInTransaction });
    // Shown as written, without reading it back: the attendees are those just listed (a
    // learner's list is themself), in the order `views` gives them; nobody has attended yet.
    return toBookingView(booking, [...terms.participantIds].sort(), []);
  }

  /**
   * Writes a booking whose shape and opening hours are checked (the opening hours, with
   * `checkOpeningHours`, are checked here: see BookingChecksService.assertFreeWriting): locks the machine, checks its
   * status, qualifications, maintenance windows and conflicts, inserts, announces it — one
   * transaction (joins the caller's, e.g. a series written all or nothing). Every statement in
   * it waits for the others on SQLite (one shared connection): the rows are inserted without
   * being read back, with their timestamps set here; the booking's row is written by hand (insertBooking),
   * with its attendees and reminders in the same statement on PostgreSQL.
   */
  async reserve(draft: BookingDraft, actorId: string, { checkOpeningHours = false } = {}): Promise<Booking> {
    try {
      return await this.tx.run(async () => {
        let booking: Booking | undefined;
        // One statement on PostgreSQL (RawWriter.batch), with the read of what holds the machine
        // (assertFreeWriting): the booking, its attendees and what the booking.created handlers
        // record (its reminders), none of which reads them back.
        const candidate = { machineId: draft.machineId, kind: draft.kind, slot: draft.slot, participantIds: draft.participantIds };
        await this.checks.assertFreeWriting(candidate, () =>
          this.writer.batch(async () => {
            booking = newBooking(draft, actorId);
            await this.insertBooking(booking);
            await this.insertParticipants(booking, draft.participantIds);
            await this.events.emit('booking.created', { booking, participantIds: draft.participantIds, actorId });
          }),
          { checkOpeningHours },
        );
        if (!booking) throw new Error('assertFreeWriting returned without writing');
        this.logger.log({ bookingId: booking.id, machineId: booking.machineId, kind: booking.kind }, 'booking created');
        return booking;
      });
    } catch (error) {
      throw await this.conflictOr(error, draft.machineId, draft.slot);
    }
  }

  async list(query: ListBookingsQuery, user: AuthUser): Promise<Page<BookingView>> {
    const errors: FieldError[] = [];
    const from = query.from ? this.readInstant(query.from, 'from', errors) : null;
    const to = query.to ? this.readInstant(query.to, 'to', errors) : null;
    if (from && to && to.getTime() <= from.getTime()) errors.push({ field: 'to', message: 'to must be after from' });
    if (errors.length > 0) throw DomainError.validation(errors);

    const qb = this.bookings.createQueryBuilder('b');
    this.visibility.scope(qb, 'b', user, query.mine === true);
    if (query.machineId) qb.andWhere('b.machineId = :machineId', { machineId: query.machineId });
    if (query.status) qb.andWhere('b.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('b.kind = :kind', { kind: query.kind });
    if (query.participantId) {
      qb.andWhere('b.id IN (SELECT bp.booking_id FROM booking_participants bp WHERE bp.participant_id = :participantId)', { participantId: query.participantId });
    }
    if (from) qb.andWhere('b.endsAt > :from', { from });
    if (to) qb.andWhere('b.startsAt < :to', { to });
    const [items, total] = await qb
      .orderBy('b.startsAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return page(await this.views(items, user), total, query);
  }

  async detail(id: string, user: AuthUser): Promise<BookingView> {
    return this.view(await this.visibility.visible(id, user), user);
  }

  /**
   * Moves a booking and/or changes its attendees and title. New times go through every rule
   * (the booking is not in its own way) and clear the `affected` flag; new attendees through
   * the qualification rule. Once checked in, only attendees and title may change.
   */
  async update(id: string, dto: UpdateBookingDto, user: AuthUser): Promise<BookingView> {
    const current = await this.visibility.visible(id, user);
    this.checks.assertMayManage(current, user);
    if (dto.participantIds !== undefined) this.checks.assertMayListAttendees(user, dto.participantIds);
    const errors: FieldError[] = [];
    const slot: TimeInterval = {
      start: dto.startsAt !== undefined ? this.readInstant(dto.startsAt, 'startsAt', errors) ?? current.startsAt : current.startsAt,
      end: dto.endsAt !== undefined ? this.readInstant(dto.endsAt, 'endsAt', errors) ?? current.endsAt : current.endsAt,
    };
    if (errors.length > 0) throw DomainError.validation(errors);
    const timesChange = slot.start.getTime() !== current.startsAt.getTime() || slot.end.getTime() !== current.endsAt.getTime();
    const refused = moveViolation(current, timesChange);
    if (refused) throw refused;
    if (timesChange) this.checks.assertShape(slot);
    if (dto.participantIds !== undefined) await this.checks.assertKnownAttendees(dto.participantIds, user);
    if (timesChange) await this.checks.assertOpen(slot, this.clock.now());

    try {
      await this.tx.run(async () => {
        const machine = await this.machines.lockForChange(current.machineId);
        const booking = await this.bookings.findOneByOrFail({ id });
        const stillRefused = moveViolation(booking, timesChange);
        if (stillRefused) throw stillRefused;
        const previousIds = await this.participantIdsOf(id);
        const participantIds = dto.participantIds ?? previousIds;
        const attendeesChange = dto.participantIds !== undefined && !sameIds(participantIds, previousIds);
        if (timesChange) {
          await this.checks.assertFree({ machineId: booking.machineId, kind: booking.kind, slot, participantIds, bookingId: id }, machine);
        } else if (attendeesChange) {
          await this.checks.assertQualified(machine, booking.kind, participantIds, booking.startsAt);
        }
        const previous = { startsAt: booking.startsAt, endsAt: booking.endsAt, participantIds: previousIds };
        if (dto.title !== undefined) booking.title = dto.title;
        if (timesChange) {
          booking.startsAt = slot.start;
          booking.endsAt = slot.end;
          booking.affected = false;
          booking.affectedReason = null;
          booking.affectedCauseId = null;
        }
        await this.bookings.save(booking);
        if (timesChange) await this.moveAttendees(booking);
        if (attendeesChange) await this.replaceParticipants(booking, participantIds);
        if (timesChange || attendeesChange) {
          await this.events.emit('booking.moved', { booking, participantIds, previous, actorId: user.id });
        }
      });
    } catch (error) {
      throw await this.conflictOr(error, current.machineId, slot, id);
    }
    return this.detail(id, user);
  }

  /** Cancels a confirmed booking that has not been used: its slot is free at once. */
  async cancel(id: string, reason: string | undefined, user: AuthUser): Promise<BookingView> {
    const current = await this.visibility.visible(id, user);
    this.checks.assertMayManage(current, user);
    const now = this.clock.now();
    const refused = cancelViolation(current, now);
    if (refused) throw refused;
    await this.tx.run(async () => {
      await this.machines.lockForChange(current.machineId);
      const booking = await this.bookings.findOneByOrFail({ id });
      const stillRefused = cancelViolation(booking, now);
      if (stillRefused) throw stillRefused;
      booking.status = 'cancelled';
      booking.cancelledAt = now;
      booking.cancelledBy = user.id;
      booking.cancelReason = reason || null;
      await this.bookings.save(booking);
      const participantIds = await this.participantIdsOf(id);
      await this.events.emit('booking.cancelled', { booking, participantIds, actorId: user.id });
      this.logger.log({ bookingId: id }, 'booking cancelled');
    });
    return this.detail(id, user);
  }

  /**
   * The caller's own coming bookings (BookingVisibilityService.scope with `mine`: those they made
   * and, for a learner, those they attend), soonest first: UPCOMING_BOOKINGS_SQL.
   */
  async upcomingFor(user: AuthUser, limit = UPCOMING_LIMIT): Promise<BookingView[]> {
    // Attending counts for learners only (BookingVisibilityService.scope); no participant matches null.
    const participantId = user.role === 'learner' ? user.participantId : null;
    const rows = await this.raw.rows(UPCOMING_BOOKINGS_SQL, { at: this.clock.now(), userId: user.id, participantId, limit });
    if (!participantId) return this.views(rows.map((row) => this.raw.hydrate(Booking, row)), user);
    return this.learnerUpcomingViews(rows, participantId);
  }

  /**
   * A learner's coming bookings from rows of UPCOMING_BOOKINGS_SQL or of
   * LEARNER_UPCOMING_BOOKINGS_SQL (`b.*` with `own_planned` and `own_attended`): their attendee
   * lists are themself or nobody, as `views` gives them to a learner.
   */
  learnerUpcomingViews(rows: RawRow[], participantId: string): BookingView[] {
    // EXISTS reads true/false on PostgreSQL, 1/0 on SQLite.
    const own = (flag: unknown) => (Number(flag) === 1 ? [participantId] : []);
    return rows.map((row) => toBookingView(this.raw.hydrate(Booking, row), own(row.own_planned), own(row.own_attended)));
  }

  async view(booking: Booking, user: AuthUser): Promise<BookingView> {
    return (await this.views([booking], user))[0];
  }

  /** The representations, with planned and actual attendees; a learner sees only themself in both lists. */
  async views(bookings: Booking[], user: AuthUser): Promise<BookingView[]> {
    if (bookings.length === 0) return [];
    // Planned and actual attendees in one query.
    const rows = await this.raw.rows<{ list: string; booking_id: string; participant_id: string }>(
      `SELECT 'planned' AS list, booking_id, participant_id FROM booking_participants WHERE booking_id IN (:...ids)
       UNION ALL
       SELECT 'attended' AS list, booking_id, participant_id FROM booking_attendances WHERE booking_id IN (:...ids)
       ORDER BY participant_id`,
      { ids: bookings.map((b) => b.id) },
    );
    const planned = new Map<string, string[]>();
    const attended = new Map<string, string[]>();
    for (const row of rows) {
      if (user.role === 'learner' && row.participant_id !== user.participantId) continue;
      const lists = row.list === 'planned' ? planned : attended;
      lists.set(row.booking_id, [...(lists.get(row.booking_id) ?? []), row.participant_id]);
    }
    return bookings.map((b) => toBookingView(b, planned.get(b.id) ?? [], attended.get(b.id) ?? []));
  }

  /** A booking by id, whoever may see it: for what the system does on its own (reminders). */
  async findById(id: string): Promise<Booking | null> {
    return this.bookings.findOneBy({ id });
  }

  /** The planned attendees of a booking, in the ambient transaction. */
  async participantIdsOf(bookingId: string): Promise<string[]> {
    const rows = await this.tx.manager.getRepository(BookingParticipant).find({ where: { bookingId }, order: { participantId: 'ASC' } });
    return rows.map((r) => r.participantId);
  }

  /** Parses the slot of a request; problems are added to `errors` by field. */
  readSlot(startsAt: string, endsAt: string, errors: FieldError[]): TimeInterval {
    const start = this.readInstant(startsAt, 'startsAt', errors);
    const end = this.readInstant(endsAt, 'endsAt', errors);
    return { start: start ?? new Date(0), end: end ?? new Date(0) };
  }

  private readInstant(value: string, field: string, errors: FieldError[]): Date | null {
    const parsed = parseInstant(value, this.config.timezone);
    if (!parsed) errors.push({ field, message: `${field} must be an ISO 8601 date-time` });
    return parsed;
  }

  /**
   * A new booking's row, hand-written (RawWriter): every booking creation runs it inside its
   * transaction. The columns left out are null.
   */
  private async insertBooking(booking: Booking): Promise<void> {
    await this.writer.run(
      `INSERT INTO bookings (id, machine_id, kind, status, starts_at, ends_at, title, partner_id, author_id, series_id, affected, created_at, updated_at, revision)
       VALUES (:id, :machineId, :kind, :status, :startsAt, :endsAt, :title, :partnerId, :authorId, :seriesId, :affected, :createdAt, :updatedAt, :revision)`,
      this.writer.values(Booking, booking),
    );
  }

  private async replaceParticipants(booking: Booking, participantIds: string[]): Promise<void> {
    await this.tx.manager.getRepository(BookingParticipant).delete({ bookingId: booking.id });
    await this.insertParticipants(booking, participantIds);
  }

  /**
   * A booking's attendees, each with the booking's start (what the period report finds them by),
   * hand-written as insertBooking (a booking with attendees writes them in its batch).
   */
  private async insertParticipants(booking: Booking, participantIds: string[]): Promise<void> {
    if (participantIds.length === 0) return;
    const parameters: Record<string, unknown> = {};
    const rows = participantIds.map((participantId, i) => {
      Object.assign(parameters, this.writer.values(BookingParticipant, { bookingId: booking.id, participantId, bookingStartsAt: booking.startsAt }, `p${i}_`));
      return `(:p${i}_bookingId, :p${i}_participantId, :p${i}_bookingStartsAt)`;
    });
    await this.writer.run(`INSERT INTO booking_participants (booking_id, participant_id, booking_starts_at) VALUES ${rows.join(', ')}`, parameters);
  }

  /** A moved booking's start, on its planned attendees and attendances too (their copy of it). */
  private async moveAttendees(booking: Booking): Promise<void> {
    for (const table of [BookingParticipant, BookingAttendance]) {
      await this.tx.manager.getRepository<{ bookingId: string; bookingStartsAt: Date | null }>(table).update({ bookingId: booking.id }, { bookingStartsAt: booking.startsAt });
    }
  }

  /**
   * The PostgreSQL exclusion constraint refused the write (a concurrent booking got there first,
   * or, for a new booking, one the statement that wrote it found: BookingChecksService.assertFreeWriting):
   * report it like the checks do, naming the maintenance windows or bookings now in the way. They are
   * read on a connection of their own: the failed transaction may be an outer one, now aborted.
   */
  async conflictOr(error: unknown, machineId: string, slot: TimeInterval, exceptBookingId?: string): Promise<unknown> {
    if (!isExclusionViolation(error)) return error;
    const holds = await this.checks.holdsReadOutsideTransaction(machineId, slot, exceptBookingId);
    // As the check would have said: maintenance windows first.
    return maintenanceViolation(holds.windows) ?? conflictViolation(holds.bookings) ?? new DomainError('BOOKING_CONFLICT', 'The machine is already booked during this slot', { conflicts: [] });
  }
}

/** A new booking's row, its timestamps set here (it is not read back). */
function newBooking(draft: BookingDraft, actorId: string): Booking {
  const now = new Date();
  return {
    id: randomUUID(),
    machineId: draft.machineId,
    kind: draft.kind,
    status: 'confirmed',
    startsAt: draft.slot.start,
    endsAt: draft.slot.end,
    title: draft.title,
    partnerId: draft.partnerId,
    authorId: actorId,
    seriesId: draft.seriesId,
    affected: false,
    affectedReason: null,
    affectedCauseId: null,
    checkedInAt: null,
    checkedOutAt: null,
    usedMinutes: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
