import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { isUniqueViolation } from '../common/errors/database-errors.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { backDatedInstant } from './back-dating.js';
import type { CreateEnrollmentDto } from './dto/create-enrollment.dto.js';
import type { EnrollmentTransitionDto } from './dto/enrollment-transition.dto.js';
import type { RecordOutcomeDto } from './dto/record-outcome.dto.js';
import { type EnrollmentAction, assertOutcomeAllowed, nextEnrollmentStatus } from './enrollment-rules.js';
import type { EnrollmentView } from './enrollment-view.js';
import { EnrollmentViewsService } from './enrollment-views.service.js';
import { Enrollment } from './enrollment.entity.js';
import { ParticipantAccess } from './participant-access.service.js';
import { Participant } from './participant.entity.js';
import type { ProgressEventType } from './progress-event-type.js';
import { ProgressEvent } from './progress-event.entity.js';

const EVENT_OF: Record<Exclude<EnrollmentAction, 'complete'>, ProgressEventType> = {
  pause: 'paused',
  resume: 'resumed',
  withdraw: 'withdrawn',
};

/** Enrolments: enrol, read, pause / resume / withdraw, outcome. Step progress is StepProgressService. */
@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: ParticipantAccess,
    private readonly learningPaths: LearningPathsService,
    private readonly views: EnrollmentViewsService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async enrol(participantId: string, dto: CreateEnrollmentDto, actor: AuthUser): Promise<EnrollmentView> {
    if (Boolean(dto.pathCode) === Boolean(dto.pathId)) {
      throw DomainError.validation([{ field: 'pathCode', message: 'give either pathCode or pathId' }]);
    }
    const now = this.clock.now();
    const enrolledAt = backDatedInstant('enrolledAt', dto.enrolledAt, now);
    let enrollment: Enrollment;
    try {
      enrollment = await this.tx.run(async () => {
        const participant = await this.access.visible(participantId, actor);
        if (participant.birthYear && enrolledAt.getTime() < Date.UTC(participant.birthYear, 0, 1)) {
          throw DomainError.validation([{ field: 'enrolledAt', message: `enrolledAt must not be before the birth year (${participant.birthYear})` }]);
        }
        const path = await this.learningPaths.findCurrent((dto.pathCode ?? dto.pathId) as string);
        if (!path) {
          const field = dto.pathCode ? 'pathCode' : 'pathId';
          throw DomainError.validation([{ field, message: `no learning path has this ${dto.pathCode ? 'code' : 'id'}` }]);
        }
        const enrollments = this.tx.manager.getRepository(Enrollment);
        const open = await enrollments.findOneBy({ participantId, pathId: path.id, status: In(['active', 'paused']) });
        if (open) {
          throw new DomainError('ALREADY_ENROLLED', `Already enrolled in ${path.code}`, { enrollmentId: open.id });
        }
        if (path.requiresCompletedPath) {
          const graduate = await enrollments.existsBy({ participantId, status: 'completed', pathId: Not(path.id) });
          if (!graduate) {
            throw new DomainError('PREREQUISITE_NOT_MET', `${path.code} requires a completed enrolment in another path`, {
              pathCode: path.code,
            });
          }
        }
        const created = await enrollments.save(
          enrollments.create({
            participantId,
            pathId: path.id,
            status: 'active',
            enrolledAt,
            completedAt: null,
            lastActivityAt: enrolledAt,
            outcome: null,
            outcomeRecordedAt: null,
          }),
        );
        await this.record(created, { type: 'enrolled', authorUserId: actor.id, occurredAt: enrolledAt });
        return created;
      });
    } catch (error) {
      // Two enrolments racing: the partial unique index lets one through.
      if (isUniqueViolation(error)) throw new DomainError('ALREADY_ENROLLED', 'Already enrolled in this path');
      throw error;
    }
    return this.views.buildOne(enrollment);
  }

  async get(id: string, user: AuthUser): Promise<EnrollmentView> {
    return this.views.buildOne(await this.findVisible(id, user));
  }

  async transition(
    id: string,
    action: Exclude<EnrollmentAction, 'complete'>,
    dto: EnrollmentTransitionDto,
    actor: AuthUser,
  ): Promise<EnrollmentView> {
    const enrollment = await this.tx.run(async () => {
      const e = await this.findVisible(id, actor, { lock: true });
      const now = this.clock.now();
      e.status = nextEnrollmentStatus(e.status, action);
      if (action === 'resume') e.lastActivityAt = now;
      await this.tx.manager.getRepository(Enrollment).save(e);
      await this.record(e, { type: EVENT_OF[action], authorUserId: actor.id, occurredAt: now, note: dto.reason });
      return e;
    });
    return this.views.buildOne(enrollment);
  }

  async recordOutcome(id: string, dto: RecordOutcomeDto, actor: AuthUser): Promise<EnrollmentView> {
    const enrollment = await this.tx.run(async () => {
      const e = await this.findVisible(id, actor, { lock: true });
      assertOutcomeAllowed(e.status);
      const recordedAt = backDatedInstant('recordedAt', dto.recordedAt, this.clock.now(), {
        at: e.enrolledAt,
        what: 'the enrolment date',
      });
      if (await this.repeatsLastOutcome(e, dto, recordedAt)) return e;
      e.outcome = dto.outcome;
      e.outcomeRecordedAt = recordedAt;
      await this.tx.manager.getRepository(Enrollment).save(e);
      await this.record(e, {
        type: 'outcome',
        authorUserId: actor.id,
        occurredAt: recordedAt,
        note: dto.note,
        outcome: dto.outcome,
      });
      return e;
    });
    return this.views.buildOne(enrollment);
  }

  /**
   * The same outcome sent again (a form posted twice, a retried request): the enrolment's last
   * event is already this outcome with this note, and no other date is asked for. Nothing new
   * is written then, so the history keeps one line.
   */
  private async repeatsLastOutcome(e: Enrollment, dto: RecordOutcomeDto, recordedAt: Date): Promise<boolean> {
    if (e.outcome !== dto.outcome || !e.outcomeRecordedAt) return false;
    if (dto.recordedAt !== undefined && recordedAt.getTime() !== e.outcomeRecordedAt.getTime()) return false;
    const last = await this.tx.manager.getRepository(ProgressEvent).findOne({ where: { enrollmentId: e.id }, order: { sequence: 'DESC' } });
    return last?.type === 'outcome' && last.outcome === dto.outcome && (last.note ?? null) === (dto.note ?? null);
  }

  /**
   * The enrolment if the caller may see its participant, else 404. `lock` (inside a
   * transaction) serialises concurrent changes of one enrolment on PostgreSQL; SQLite
   * transactions are serialised already.
   */
  async findVisible(id: string, user: AuthUser, options: { lock?: boolean } = {}): Promise<Enrollment> {
    const qb = this.tx.manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoin(Participant, 'p', 'p.id = e.participantId')
      .where('e.id = :id', { id });
    this.access.scope(qb, 'p', user);
    if (options.lock && this.tx.manager.connection.options.type === 'postgres') {
      qb.setLock('pessimistic_write', undefined, ['e']);
    }
    const enrollment = await qb.getOne();
    if (!enrollment) throw DomainError.notFound('Enrollment');
    return enrollment;
  }

  /**
   * Appends an event to the log — the only way progress_events are written. Call it inside the
   * transaction that changes the enrolment, after `findVisible(…, { lock: true })`.
   */
  async record(
    enrollment: Enrollment,
    event: {
      type: ProgressEventType;
      authorUserId: string | null;
      occurredAt: Date;
      stepId?: string;
      note?: string | null;
      evidenceUrl?: string | null;
      outcome?: ProgressEvent['outcome'];
    },
  ): Promise<void> {
    const events = this.tx.manager.getRepository(ProgressEvent);
    // The enrolment is locked (PostgreSQL) or the transaction serialised (SQLite): no gap, no twin.
    const last = await events.maximum('sequence', { enrollmentId: enrollment.id });
    await events.insert(
      events.create({
        enrollmentId: enrollment.id,
        sequence: (last ?? 0) + 1,
        recordedAt: this.clock.now(),
        participantId: enrollment.participantId,
        stepId: event.stepId ?? null,
        type: event.type,
        authorUserId: event.authorUserId,
        occurredAt: event.occurredAt,
        note: event.note ?? null,
        evidenceUrl: event.evidenceUrl ?? null,
        outcome: event.outcome ?? null,
      }),
    );
    // An enrolment (its 'enrolled' event) and a validated step make the young person reached.
    if (event.type === 'enrolled' || event.type === 'validated') {
      await this.events.emit('participant.activity-changed', { participantIds: [enrollment.participantId] });
    }
  }
}
