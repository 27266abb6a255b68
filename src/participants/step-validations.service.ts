import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import type { StepStatus } from './enrollment-status.js';
import { EnrollmentStep } from './enrollment-step.entity.js';
import { Enrollment } from './enrollment.entity.js';
import { ParticipantAccess } from './participant-access.service.js';
import { Participant } from './participant.entity.js';

/** One step of one enrolment as a validator sees it: who, which path and step, what they sent. */
export interface StepToValidate {
  enrollmentId: string;
  stepId: string;
  stepCode: string;
  stepTitle: string;
  stepPosition: number;
  grantsQualification: string | null;
  pathCode: string;
  pathTitle: string;
  participant: { id: string; firstName: string; lastName: string };
  status: StepStatus;
  submittedAt: Date | null;
  validatedAt: Date | null;
  /** What the learner wrote and linked when submitting (or the latest evidence given). */
  note: string | null;
  evidenceUrl: string | null;
}

/** At most this many submitted steps in one list: a fablab has a few dozen waiting at most. */
const LIST_LIMIT = 500;

/**
 * What waits for validation, for the people who validate (GET /validations pages, the staff's
 * home): submitted steps of active or completed enrolments the caller may see, scoped exactly as
 * the validate and reject routes scope them (ParticipantAccess: facilitators and admins all, a
 * trainer their partner's young people and those attending their bookings).
 */
@Injectable()
export class StepValidationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: ParticipantAccess,
    private readonly learningPaths: LearningPathsService,
  ) {}

  /** Submitted steps waiting for validation, the oldest submission first. */
  async submitted(user: AuthUser): Promise<StepToValidate[]> {
    const qb = this.tx.manager
      .getRepository(EnrollmentStep)
      .createQueryBuilder('s')
      .innerJoin(Enrollment, 'e', 'e.id = s.enrollmentId')
      .innerJoin(Participant, 'p', 'p.id = e.participantId')
      .where('s.status = :submitted', { submitted: 'submitted' })
      .andWhere('e.status IN (:...progressing)', { progressing: ['active', 'completed'] });
    this.access.scope(qb, 'p', user);
    const states = await qb.orderBy('s.submittedAt', 'ASC').addOrderBy('s.id', 'ASC').take(LIST_LIMIT).getMany();
    return this.describe(states);
  }

  /**
   * One step of an enrolment the caller may see, to validate or send back: submitted, or still
   * to do (staff may validate a workshop step directly). 404 when out of scope or unknown.
   */
  async one(enrollmentId: string, stepIdOrCode: string, user: AuthUser): Promise<StepToValidate> {
    const qb = this.tx.manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoin(Participant, 'p', 'p.id = e.participantId')
      .where('e.id = :enrollmentId', { enrollmentId });
    const enrollment = await this.access.scope(qb, 'p', user).getOne();
    if (!enrollment) throw DomainError.notFound('Enrollment');
    const step = await this.learningPaths.findStepOfPath(enrollment.pathId, stepIdOrCode);
    if (!step || step.retiredAt) throw DomainError.notFound('Step');
    const state =
      (await this.tx.manager.getRepository(EnrollmentStep).findOneBy({ enrollmentId, stepId: step.id })) ??
      Object.assign(new EnrollmentStep(), {
        enrollmentId,
        stepId: step.id,
        status: 'todo' as const,
        submittedAt: null,
        validatedAt: null,
        evidenceUrl: null,
        evidenceNote: null,
      });
    const [described] = await this.describe([state], [enrollment]);
    if (!described) throw DomainError.notFound('Step');
    return described;
  }

  private async describe(states: EnrollmentStep[], known: Enrollment[] = []): Promise<StepToValidate[]> {
    if (states.length === 0) return [];
    const enrollmentIds = [...new Set(states.map((s) => s.enrollmentId))];
    const missing = enrollmentIds.filter((id) => !known.some((e) => e.id === id));
    const enrollments = new Map(
      [...known, ...(missing.length ? await this.tx.manager.getRepository(Enrollment).findBy({ id: In(missing) }) : [])].map((e) => [e.id, e]),
    );
    const participantIds = [...new Set([...enrollments.values()].map((e) => e.participantId))];
    const participants = new Map(
      (await this.tx.manager.getRepository(Participant).find({ select: { id: true, firstName: true, lastName: true }, where: { id: In(participantIds) } })).map(
        (p) => [p.id, p],
      ),
    );
    const pathIds = [...new Set([...enrollments.values()].map((e) => e.pathId))];
    const [paths, stepsByPath] = await Promise.all([this.learningPaths.findByIds(pathIds), this.learningPaths.stepsOf(pathIds)]);
    const result: StepToValidate[] = [];
    for (const state of states) {
      const enrollment = enrollments.get(state.enrollmentId);
      const participant = enrollment ? participants.get(enrollment.participantId) : undefined;
      const path = enrollment ? paths.get(enrollment.pathId) : undefined;
      const step = enrollment ? stepsByPath.get(enrollment.pathId)?.find((s) => s.id === state.stepId) : undefined;
      // A retired step can no longer be validated: it waits for nothing.
      if (!enrollment || !participant || !path || !step || step.retiredAt) continue;
      result.push({
        enrollmentId: enrollment.id,
        stepId: step.id,
        stepCode: step.code,
        stepTitle: step.title,
        stepPosition: step.position,
        grantsQualification: step.grantsQualification ?? null,
        pathCode: path.code,
        pathTitle: path.title,
        participant: { id: participant.id, firstName: participant.firstName ?? '', lastName: participant.lastName ?? '' },
        status: state.status,
        submittedAt: state.submittedAt,
        validatedAt: state.validatedAt,
        note: state.evidenceNote,
        evidenceUrl: state.evidenceUrl,
      });
    }
    return result;
  }
}
