import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/error-code.js';
import type { TimeInterval } from '../common/time/intervals.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader } from '../database/raw-reader.service.js';
import { RawWriter } from '../database/raw-writer.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { Machine } from '../machines/machine.entity.js';
import { MachinesService } from '../machines/machines.service.js';
import { ParticipantAccess } from '../participants/participant-access.service.js';
import { QualificationsService } from '../participants/qualifications.service.js';
import { PartnersService } from '../partners/partners.service.js';
import { OPENING_HOURS_KEY, OpeningHoursService } from '../settings/opening-hours.service.js';
import type { BookingKind } from './booking-kind.js';
import {
  attendeeListViolation,
  type BookingCaller,
  type BookingRequestTerms,
  type BookingTerms,
  bookingTerms,
  conflictViolation,
  manageViolation,
  noShowPermissionViolation,
  termsViolation,
  machineViolation,
  maintenanceViolation,
  openingHoursViolation,
  qualificationViolation,
  requiresQualificationCheck,
  seriesShapeErrors,
  slotShapeErrors,
  timingViolation,
} from './booking-rules.js';
import { type MachineHolds, MachineHoldsReader, machineHoldsParameters, WRITING_HOLDS_SQL } from './machine-holds.service.js';

/** A slot someone wants: a new booking, an occurrence of a series, or a move. */
export interface SlotCandidate {
  machineId: string;
  kind: BookingKind;
  slot: TimeInterval;
  participantIds: string[];
  /** The booking being moved: it is not in its own way. */
  bookingId?: string;
}

/** The first key of the advisory locks that stand for a machine row that does not exist (any number). */
const UNKNOWN_MACHINE_LOCK_CLASS = 28_170;

/**
 * PostgreSQL, a new booking: the machine read and locked as MachinesService.findForChange does,
 * with the stored opening hours (`opening_hours`: the `value` of their settings row, null when
 * never edited) — one statement for both (assertFreeWriting). Always one row: without such a
 * machine, its columns are null and the opening hours are still there, to be checked first.
 *
 * Without such a machine there is no row to lock, yet the write sent after this statement still
 * runs (and fails on its foreign key): requests naming one unknown id would wait on each other's
 * uncommitted rows in the exclusion constraint, and deadlock (a second each; 100 at once took
 * over a minute). An advisory lock on the id, taken only then (`unknown_machine_turn`, always
 * null), stands in for the row's, so they take turns as for a real machine. Left open: a request
 * that took it and one that locked the row of a machine created with that very id in between
 * could still deadlock — unreachable, as machine ids are random UUIDs the server gives only once
 * the machine is committed.
 */
const MACHINE_AND_OPENING_HOURS_SQL = `SELECT m.*, (SELECT s.value FROM settings s WHERE s.key = :openingHoursKey) AS opening_hours,
    CASE WHEN m.id IS NULL THEN pg_advisory_xact_lock(${UNKNOWN_MACHINE_LOCK_CLASS}, hashtext(CAST(:machineId AS text))) END AS unknown_machine_turn
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM machines WHERE id = :machineId FOR UPDATE) AS m ON true`;

/**
 * The checks every booking write goes through — creation, a move, each occurrence of a series
 * (and its preview), a change of attendees, check-in/out, cancel, no-show — in this order, each
 * rule being a pure function of booking-rules.ts:
 *
 * 0. who may (403): what the caller may book (termsFor), change (assertMayManage, after the
 *    booking was found visible: BookingVisibilityService, 404), list as attendees;
 * 1. before the transaction: the partner (and a series' machine) exist (400), shape (400: end after start, 15-minute grid, 15 min to 8 h; for a
 *    series, its first start and duration), attendees the caller may book for (400), not in the
 *    past, at most 90 days ahead, opening hours and closures (422);
 * 2. inside the booking's transaction, the machine row locked: machine status (422),
 *    qualifications (422), maintenance windows (409), overlapping confirmed bookings (409).
 *
 * The first group reads only settings and participants, through the default connection, so it
 * runs before the transaction (on PostgreSQL a transaction waiting for the machine lock must not
 * need a second pooled connection). The second reads through the ambient transaction.
 * Lifecycle transitions (cancel, check-in/out, no-show, move once checked in) are pure rules
 * too (cancelViolation…), checked by the use case before and again inside its transaction.
 */
@Injectable()
export class BookingChecksService {
  constructor(
    private readonly machines: MachinesService,
    private readonly partners: PartnersService,
    private readonly holds: MachineHoldsReader,
    private readonly openingHours: OpeningHoursService,
    private readonly participants: ParticipantAccess,
    private readonly qualifications: QualificationsService,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly raw: RawReader,
    private readonly writer: RawWriter,
  ) {}

  /** Who the booking is for, when the caller may book it (403 FORBIDDEN otherwise). */
  termsFor(user: BookingCaller, input: BookingRequestTerms): BookingTerms {
    const refused = termsViolation(user, input);
    if (refused) throw refused;
    return bookingTerms(user, input);
  }

  /** Moves, cancellations, check-in and check-out: the author, facilitators and admins (403 otherwise). */
  assertMayManage(booking: { authorId: string }, user: BookingCaller): void {
    const refused = manageViolation(booking, user);
    if (refused) throw refused;
  }

  /** No-show: staff only — the author when they are staff, facilitators and admins (403 otherwise). */
  assertMayMarkNoShow(booking: { authorId: string }, user: BookingCaller): void {
    const refused = noShowPermissionViolation(booking, user);
    if (refused) throw refused;
  }

  /** A learner changing attendees may only keep themself (403 otherwise). */
  assertMayListAttendees(user: BookingCaller, participantIds: string[]): void {
    const refused = attendeeListViolation(user, participantIds);
    if (refused) throw refused;
  }

  /** 400 VALIDATION_FAILED: end after start, 15-minute grid, 15 min to 8 h. */
  assertShape(slot: TimeInterval, fields?: { start: string; end: string }): void {
    const errors = slotShapeErrors(slot, this.config.timezone, fields);
    if (errors.length > 0) throw DomainError.validation(errors);
  }

  /**
   * 400 naming `partnerId` when it names no partner. The machine of a single booking is looked
   * up in the transaction (assertFree: one statement less on the hot path).
   */
  async partnerErrors(partnerId: string | null): Promise<FieldError[]> {
    if (partnerId && !(await this.partners.exists(partnerId))) return [{ field: 'partnerId', message: 'no partner has this id' }];
    return [];
  }

  /** 400 naming the field: the machine of a series, and its partner when named, exist (checked once, before any occurrence). */
  async referenceErrors(machineId: string, partnerId: string | null): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (!(await this.machines.exists(machineId))) errors.push({ field: 'machineId', message: 'no machine has this id' });
    errors.push(...(await this.partnerErrors(partnerId)));
    return errors;
  }

  /** The shape of a series (its first start on the grid, a duration a booking may last), by field. */
  seriesShapeErrors(first: Date | null, durationMinutes: number): FieldError[] {
    return seriesShapeErrors(first, durationMinutes, this.config.timezone);
  }

  /**
   * 400 VALIDATION_FAILED naming `field` when an id is no participant the caller may see (an
   * unknown id and someone out of the caller's scope read the same: no existence oracle).
   */
  async assertKnownAttendees(participantIds: string[], user: AuthUser, field = 'participantIds'): Promise<void> {
    // A learner's own participant exists while their account does (erasure removes the account).
    if (user.role === 'learner' && participantIds.every((id) => id === user.participantId)) return;
    const visible = await this.participants.visibleIds(participantIds, user);
    const unknown = participantIds.filter((id) => !visible.has(id));
    if (unknown.length > 0) {
      throw DomainError.validation([{ field, message: `no participant you may book for has the id ${unknown.join(', ')}` }]);
    }
  }

  /**
   * Past, 90 days ahead, opening hours and closures: before the transaction. With
   * `openingHours: false` only the first two: the caller has assertFreeWriting check the opening
   * hours (`checkOpeningHours`), first thing in the transaction.
   */
  async assertOpen(slot: TimeInterval, now: Date, { openingHours = true } = {}): Promise<void> {
    const timing = timingViolation(slot.start, now, this.config.timezone);
    if (timing) throw timing;
    if (openingHours) await this.assertWithinOpeningHours(slot);
  }

  /**
   * Machine status, qualifications, maintenance windows and conflicts, inside the ambient
   * transaction. Locks the machine row first (PostgreSQL) unless the caller already holds it
   * (`locked`): bookings, incidents and work orders of one machine then run one after the other,
   * so each sees what the previous one committed. An unknown machine is a 400 naming `machineId`
   * (looked up here rather than before the transaction: one statement less on the hot path).
   */
  async assertFree(candidate: SlotCandidate, locked?: Machine): Promise<Machine> {
    const [found, holdsOnSqlite] = await this.readMachineAndHolds(candidate, locked);
    const machine = await this.assertAvailable(found, candidate);
    this.assertNotHeld(holdsOnSqlite ?? (await this.holds.during(candidate.machineId, candidate.slot, candidate.bookingId)));
    return machine;
  }

  /**
   * assertFree for a new booking, whose rows `write` writes (RawWriter.run, in a batch) once the
   * machine is found available; its refusal (a throw) rolls them back with the transaction. On
   * PostgreSQL what holds the machine is read in the statement that writes them, one round trip
   * less (MachineHoldsReader.duringWhileWriting): a conflicting booking, if any, fails that
   * statement with the exclusion constraint's violation (reported as the check's by
   * BookingsService.conflictOr); maintenance windows are refused here, before the commit. SQLite,
   * without the constraint: assertFree, then `write`.
   *
   * With `checkOpeningHours` the opening hours and closures (422, assertOpen's last check) are
   * checked first, before the machine: on PostgreSQL read with it, in the statement that locks it,
   * itself sent with the write (assertFreeSentTogether); on SQLite, whose transactions
   * wait for one another, callers check them before (assertOpen) and leave this off.
   */
  async assertFreeWriting(candidate: SlotCandidate, write: () => Promise<void>, { checkOpeningHours = false } = {}): Promise<void> {
    if (this.tx.isSqlite) {
      if (checkOpeningHours) await this.assertWithinOpeningHours(candidate.slot);
      await this.assertFree(candidate);
      return write();
    }
    if (checkOpeningHours) return this.assertFreeSentTogether(candidate, write);
    await this.assertAvailable(await this.machines.findForChange(candidate.machineId), candidate);
    this.assertNotHeld(await this.holds.duringWhileWriting(candidate.machineId, candidate.slot, write));
  }

  /**
   * PostgreSQL, assertFreeWriting with the opening hours: what the checks read and the write go to
   * the server together (RawWriter.pipelinedBatch) — the machine locked with the opening hours
   * (MACHINE_AND_OPENING_HOURS_SQL), the attendees' qualifications for its category when the kind
   * of booking may need them, then the write with what holds the machine (WRITING_HOLDS_SQL) —
   * and the answers are checked in assertFree's order: opening hours, machine, qualifications,
   * maintenance windows, conflicts. The lock is held one round trip less than when the write
   * waited for node to check the machine: with eight clients on one machine, about 15 % more
   * bookings a second (bench note, session 28). A refusal rolls the write back.
   */
  private async assertFreeSentTogether(candidate: SlotCandidate, write: () => Promise<void>): Promise<void> {
    const { machineId, slot, participantIds } = candidate;
    const askQualifications = requiresQualificationCheck(candidate.kind, true) && participantIds.length > 0;
    const {
      reads: [locked, qualified],
      batch,
    } = await this.writer.pipelinedBatch(
      [
        [MACHINE_AND_OPENING_HOURS_SQL, { machineId, openingHoursKey: OPENING_HOURS_KEY }],
        ...(askQualifications ? [this.qualifications.qualifiedForMachine(participantIds, machineId, slot.start)] : []),
      ],
      [WRITING_HOLDS_SQL, machineHoldsParameters(machineId, slot)],
      write,
    );
    const [row] = answer(locked);
    const stored = row.opening_hours === null || row.opening_hours === undefined ? undefined : { value: row.opening_hours };
    const hours = openingHoursViolation(this.openingHours.isWithinOpeningHoursOf(this.openingHours.fromStored(stored), slot.start, slot.end), slot);
    if (hours) throw hours;
    const machine = row.id === null ? null : this.raw.hydrate(Machine, row);
    await this.assertAvailable(machine, candidate, () => (askQualifications ? this.qualifications.unqualifiedOf(participantIds, answer(qualified)) : []));
    this.assertNotHeld(this.holds.fromRows(answer(batch)));
  }

  private async assertWithinOpeningHours(slot: TimeInterval): Promise<void> {
    const hours = openingHoursViolation(await this.openingHours.isWithinOpeningHours(slot.start, slot.end), slot);
    if (hours) throw hours;
  }

  /**
   * Known (400 naming `machineId`), in service (422) and, for the attendees, qualified (422):
   * `unqualified` when the caller already read who is not (assertFreeSentTogether).
   */
  private async assertAvailable(machine: Machine | null, candidate: SlotCandidate, unqualified?: () => string[]): Promise<Machine> {
    if (!machine) throw DomainError.validation([{ field: 'machineId', message: 'no machine has this id' }]);
    const unavailable = machineViolation(machine.status);
    if (unavailable) throw unavailable;
    await this.assertQualified(machine, candidate.kind, candidate.participantIds, candidate.slot.start, unqualified);
    return machine;
  }

  /** Maintenance windows (409), then overlapping confirmed bookings (409). */
  assertNotHeld(holds: MachineHolds): void {
    const maintenance = maintenanceViolation(holds.windows);
    if (maintenance) throw maintenance;
    const conflict = conflictViolation(holds.bookings);
    if (conflict) throw conflict;
  }

  /**
   * The machine (locked on PostgreSQL) and, on SQLite, what holds it during the slot, read
   * together. SQLite: both statements go to the one connection at once, in the transaction that
   * every other booking of the process waits for — the second does not wait for a turn of the
   * event loop after the first (~1 ms with 8 clients); no lock is taken, so their order does not
   * matter. PostgreSQL: the holds are read by assertFree only once the machine row is locked, so
   * that they include what the lock's previous holder committed.
   */
  private async readMachineAndHolds(candidate: SlotCandidate, locked?: Machine): Promise<[Machine | null, MachineHolds | null]> {
    if (!this.tx.isSqlite) return [locked ?? (await this.machines.findForChange(candidate.machineId)), null];
    return Promise.all([
      locked ?? this.machines.findForChange(candidate.machineId),
      this.holds.during(candidate.machineId, candidate.slot, candidate.bookingId),
    ]);
  }

  /**
   * 422 NOT_QUALIFIED unless every attendee holds a valid qualification for the machine's
   * category at `at` (training bookings are exempt): part of assertFree, and on its own when
   * only the attendees of a booking change.
   */
  async assertQualified(machine: Machine, kind: BookingKind, participantIds: string[], at: Date, known?: () => string[]): Promise<void> {
    if (!requiresQualificationCheck(kind, machine.requiresQualification)) return;
    const unqualified = known ? known() : await this.qualifications.unqualified(participantIds, machine.category, at);
    const notQualified = qualificationViolation(unqualified, machine.category);
    if (notQualified) throw notQualified;
  }

  /**
   * What holds the machine during the slot, read out of any transaction (on the pool): after the
   * exclusion constraint refused a write, the transaction that tried it (maybe an outer one) is
   * aborted.
   */
  async holdsReadOutsideTransaction(machineId: string, slot: TimeInterval, exceptBookingId?: string): Promise<MachineHolds> {
    return this.tx.outside(() => this.holds.during(machineId, slot, exceptBookingId));
  }
}

/** The value of a statement sent with others (RawWriter.pipelinedBatch), or its error thrown. */
function answer<T>(result: PromiseSettledResult<T> | undefined): T {
  if (!result) throw new Error('no answer: the statement was not sent');
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
