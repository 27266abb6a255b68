import { Injectable } from '@nestjs/common';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import { WriteGeneration } from '../database/write-generation.subscriber.js';
import type { BookingView } from '../bookings/booking-view.js';
import { Booking } from '../bookings/booking.entity.js';
import { BookingsService, LEARNER_UPCOMING_BOOKINGS_SQL, UPCOMING_BOOKINGS_SQL, UPCOMING_LIMIT } from '../bookings/bookings.service.js';
import { UNREAD_COUNT_SQL } from '../notifications/notifications.service.js';
import { EnrollmentStep } from '../participants/enrollment-step.entity.js';
import type { EnrollmentView } from '../participants/enrollment-view.js';
import { Enrollment } from '../participants/enrollment.entity.js';
import { PARTICIPANT_ENROLLMENT_STEPS_SQL, PARTICIPANT_ENROLLMENTS_SQL, ParticipantsService } from '../participants/participants.service.js';
import type { QualificationView } from '../participants/qualification-view.js';
import { Qualification } from '../participants/qualification.entity.js';
import { QualificationsService, VALID_QUALIFICATIONS_SQL } from '../participants/qualifications.service.js';
import { progressChangesBy } from './learner-progress-expiry.js';
import type { LearnerProgress } from './learner-progress-view.js';

// Other features (the web app) name these types from here.
export type { LearnerProgress } from './learner-progress-view.js';

interface Kept {
  progress: LearnerProgress;
  /** The write generation when its reading began. */
  generation: number;
  /** Real time (epoch ms) after which it is read again: PROGRESS_CACHE_SECONDS. */
  keptUntil: number;
  /** The application's instants between which the clock alone does not change it (a booking ends, a qualification expires). */
  readAt: number;
  changesAt: number;
}

/**
 * The learner's record with each part of the dashboard: lists as JSON arrays of rows — parsed by
 * the driver on PostgreSQL (null when empty), JSON text on SQLite.
 */
interface LearnerRow extends RawRow {
  id: string;
  first_name: string | null;
  unread: unknown;
  enrollments: unknown;
  steps: unknown;
  qualifications: unknown;
  bookings: unknown;
}

/**
 * PostgreSQL: the learner's record (themself, never once erased: ParticipantAccess.scope) with
 * their unread count, enrolments, step states, valid qualifications and coming bookings, each
 * read with its owner's SQL. Each list is aggregated in its owner's order, spelled out again:
 * PostgreSQL only "usually" keeps a sorted subquery's order in an aggregate (step states have none).
 */
const LEARNER_PROGRESS_SQL = `SELECT p.id, p.first_name, (${UNREAD_COUNT_SQL}) AS unread,
  (SELECT json_agg(x ORDER BY x.enrolled_at DESC, x.id) FROM (${PARTICIPANT_ENROLLMENTS_SQL}) x) AS enrollments,
  (SELECT json_agg(x) FROM (${PARTICIPANT_ENROLLMENT_STEPS_SQL}) x) AS steps,
  (SELECT json_agg(x ORDER BY x.granted_at DESC, x.id) FROM (${VALID_QUALIFICATIONS_SQL}) x) AS qualifications,
  (SELECT json_agg(x ORDER BY x.starts_at, x.id) FROM (${LEARNER_UPCOMING_BOOKINGS_SQL}) x) AS bookings
  FROM participants p WHERE p.id = :participantId AND p.erased_at IS NULL`;

/**
 * SQLite: LEARNER_PROGRESS_SQL's statement, each list's rows as JSON objects of their columns
 * (RawReader.jsonObject: SQLite has no row-to-JSON), aggregated in their owner's order. The coming
 * bookings are `upcomingFor`'s (UPCOMING_BOOKINGS_SQL): LEARNER_UPCOMING_BOOKINGS_SQL is written for
 * PostgreSQL's planner.
 */
function learnerProgressSqlite(raw: RawReader): string {
  return `SELECT p.id, p.first_name, (${UNREAD_COUNT_SQL}) AS unread,
  (SELECT json_group_array(${raw.jsonObject(Enrollment, 'x')} ORDER BY x.enrolled_at DESC, x.id) FROM (${PARTICIPANT_ENROLLMENTS_SQL}) x) AS enrollments,
  (SELECT json_group_array(${raw.jsonObject(EnrollmentStep, 'x', ['validator_display_name'])}) FROM (${PARTICIPANT_ENROLLMENT_STEPS_SQL}) x) AS steps,
  (SELECT json_group_array(${raw.jsonObject(Qualification, 'x')} ORDER BY x.granted_at DESC, x.id) FROM (${VALID_QUALIFICATIONS_SQL}) x) AS qualifications,
  (SELECT json_group_array(${raw.jsonObject(Booking, 'x', ['own_planned', 'own_attended'])} ORDER BY x.starts_at, x.id) FROM (${UPCOMING_BOOKINGS_SQL}) x) AS bookings
  FROM participants p WHERE p.id = :participantId AND p.erased_at IS NULL`;
}

/** Dashboards kept at most; beyond, the least recently computed go. */
const MAX_KEPT = 2_000;

/**
 * GET /me/progress: a learner's own dashboard, read from participants (enrolments,
 * qualifications), bookings (the coming ones) and notifications (unread, read with the
 * participant): in one round of parallel queries on SQLite, in one statement on PostgreSQL.
 *
 * A learner comes back to it often and it changes rarely, so each one is kept in memory and
 * served again while it is provably current: no write of this process since its reading began
 * (WriteGeneration: any insert, update, removal or transaction end), no booking ended and no
 * qualification expired since, and at most PROGRESS_CACHE_SECONDS old, which bounds how long the
 * writes of another process (a second API instance, a worker delivering notifications) take to
 * show. The caller is still authenticated on every request by the guard.
 */
@Injectable()
export class LearnerProgressService {
  private readonly kept = new Map<string, Kept>();
  private readonly keepMs: number;
  private readonly postgres: boolean;
  /** LEARNER_PROGRESS_SQL, or its SQLite form. */
  private readonly sql: string;

  constructor(
    private readonly raw: RawReader,
    private readonly participants: ParticipantsService,
    private readonly qualifications: QualificationsService,
    private readonly bookings: BookingsService,
    private readonly writes: WriteGeneration,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.keepMs = config.progressCacheSeconds * 1000;
    this.postgres = config.database.type === 'postgres';
    this.sql = this.postgres ? LEARNER_PROGRESS_SQL : learnerProgressSqlite(raw);
  }

  async forLearner(learner: AuthUser): Promise<LearnerProgress> {
    if (!learner.participantId) throw DomainError.notFound('Participant');
    const key = `${learner.id}:${learner.participantId}`;
    // The application's now (Clock, as bookings use it) for what the dashboard shows; real time for its age.
    const now = this.clock.now().getTime();
    const real = Date.now();
    const hit = this.kept.get(key);
    if (hit && hit.generation === this.writes.current && real < hit.keptUntil && now >= hit.readAt && now < hit.changesAt) {
      return hit.progress;
    }

    const generation = this.writes.current;
    const progress = await this.read(learner, learner.participantId, new Date(now));
    if (this.keepMs > 0) {
      this.kept.delete(key);
      const changesAt = progressChangesBy(progress, now, Number.POSITIVE_INFINITY);
      this.kept.set(key, { progress, generation, keptUntil: real + this.keepMs, readAt: now, changesAt });
      if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    }
    return progress;
  }

  /**
   * The learner's record, enrolments, step states, qualifications and coming bookings in one
   * statement, each list as one JSON array of its rows. Each statement is a round trip — on
   * PostgreSQL a socket write, a backend woken, a result parsed; on SQLite a trip to a read
   * connection's thread, its rows built on the main thread — and six of them cost more than the
   * reading itself (on SQLite, five statements gave 24–26 % of liveness in the bench, one gives
   * more: bench note, session 28). PostgreSQL gives each row's keys as the row would, instants as
   * ISO 8601 text, turned back into Dates by RawReader.fromJson; SQLite gives its values as a
   * direct read does, text for instants (RawReader.jsonObject), for `hydrate` as they are. On
   * PostgreSQL the coming bookings are read with a plan that does not depend on who the learner is
   * (LEARNER_UPCOMING_BOOKINGS_SQL), so the statement keeps one generic plan instead of being
   * planned on every run.
   */
  private async read(learner: AuthUser, participantId: string, now: Date): Promise<LearnerProgress> {
    const [participant] = await this.raw.rows<LearnerRow>(this.sql, {
      participantId,
      userId: learner.id,
      at: now,
      limit: UPCOMING_LIMIT,
    });
    if (!participant) throw DomainError.notFound('Participant');
    const rows = (target: EntityTarget<ObjectLiteral>, list: unknown): RawRow[] =>
      this.postgres ? this.raw.fromJson(target, list as RawRow[] | null) : (JSON.parse(list as string) as RawRow[]);
    const upcomingBookings = this.bookings.learnerUpcomingViews(rows(Booking, participant.bookings), participantId);
    const enrollments = await this.participants.enrollmentViews(rows(Enrollment, participant.enrollments), rows(EnrollmentStep, participant.steps));
    const qualifications = this.qualifications.viewsAt(rows(Qualification, participant.qualifications), now);
    return this.progress(participant, enrollments, qualifications, upcomingBookings);
  }

  private progress(
    participant: { id: string; first_name: string | null; unread: unknown },
    enrollments: EnrollmentView[],
    qualifications: QualificationView[],
    upcomingBookings: BookingView[],
  ): LearnerProgress {
    const current = enrollments.find((e) => e.status === 'active' && e.nextStep);
    return {
      participantId: participant.id,
      firstName: participant.first_name ?? '',
      enrollments,
      nextStep: current?.nextStep ? { enrollmentId: current.id, path: current.path, ...current.nextStep } : null,
      qualifications,
      upcomingBookings,
      unreadNotifications: RawReader.number(participant.unread),
    };
  }
}
