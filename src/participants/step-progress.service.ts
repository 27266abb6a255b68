import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { LearningPathStep } from '../learning-paths/learning-path-step.entity.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { backDatedInstant } from './back-dating.js';
import type { RejectStepDto } from './dto/reject-step.dto.js';
import type { SubmitStepDto } from './dto/submit-step.dto.js';
import type { ValidateStepDto } from './dto/validate-step.dto.js';
import {
  allRequiredValidated,
  assertStepsCanProgress,
  nextEnrollmentStatus,
  nextStepStatus,
  type StepAction,
} from './enrollment-rules.js';
import { EnrollmentStep } from './enrollment-step.entity.js';
import type { EnrollmentView } from './enrollment-view.js';
import { EnrollmentViewsService } from './enrollment-views.service.js';
import { Enrollment } from './enrollment.entity.js';
import { EnrollmentsService } from './enrollments.service.js';
import { QualificationsService } from './qualifications.service.js';

/**
 * A step's life: the learner submits (with evidence), staff validate or send it back. Each move
 * is an event of the log plus the step's current state; validating grants the step's
 * qualification, and the last required step completes the enrolment.
 */
@Injectable()
export class StepProgressService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly enrollments: EnrollmentsService,
    private readonly learningPaths: LearningPathsService,
    private readonly qualifications: QualificationsService,
    private readonly views: EnrollmentViewsService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async submit(enrollmentId: string, stepIdOrCode: string, dto: SubmitStepDto, learner: AuthUser): Promise<EnrollmentView> {
    return this.move(enrollmentId, stepIdOrCode, 'submit', learner, async (enrollment, step, state, now) => {
      state.submittedAt = now;
      state.evidenceUrl = dto.evidenceUrl ?? null;
      state.evidenceNote = dto.note ?? null;
      state.rejectedAt = null;
      state.rejectionReason = null;
      enrollment.lastActivityAt = later(enrollment.lastActivityAt, now);
      await this.enrollments.record(enrollment, {
        type: 'submitted',
        stepId: step.id,
        authorUserId: learner.id,
        occurredAt: now,
        note: dto.note,
        evidenceUrl: dto.evidenceUrl,
      });
    });
  }

  async validate(enrollmentId: string, stepIdOrCode: string, dto: ValidateStepDto, actor: AuthUser): Promise<EnrollmentView> {
    return this.move(enrollmentId, stepIdOrCode, 'validate', actor, async (enrollment, step, state, now) => {
      const validatedAt = backDatedInstant('validatedAt', dto.validatedAt, now, {
        at: enrollment.enrolledAt,
        what: 'the enrolment date',
      });
      state.validatedAt = validatedAt;
      state.validatedByUserId = actor.id;
      if (dto.evidenceUrl !== undefined) state.evidenceUrl = dto.evidenceUrl;
      if (dto.note !== undefined) state.evidenceNote = dto.note;
      state.rejectedAt = null;
      state.rejectionReason = null;
      enrollment.lastActivityAt = later(enrollment.lastActivityAt, validatedAt);
      await this.enrollments.record(enrollment, {
        type: 'validated',
        stepId: step.id,
        authorUserId: actor.id,
        occurredAt: validatedAt,
        note: dto.note,
        evidenceUrl: dto.evidenceUrl,
      });
      await this.events.emit('progress.milestone', {
        type: 'step_validated',
        enrollmentId: enrollment.id,
        participantId: enrollment.participantId,
        stepId: step.id,
        at: validatedAt,
      });
      if (step.grantsQualification) {
        await this.qualifications.grantForStep({
          participantId: enrollment.participantId,
          category: step.grantsQualification,
          grantedAt: validatedAt,
          enrollmentId: enrollment.id,
          stepId: step.id,
          grantedByUserId: actor.id,
        });
      }
    });
  }

  async reject(enrollmentId: string, stepIdOrCode: string, dto: RejectStepDto, actor: AuthUser): Promise<EnrollmentView> {
    return this.move(enrollmentId, stepIdOrCode, 'reject', actor, async (enrollment, step, state, now) => {
      state.submittedAt = null;
      state.rejectedAt = now;
      state.rejectionReason = dto.reason;
      await this.enrollments.record(enrollment, {
        type: 'rejected',
        stepId: step.id,
        authorUserId: actor.id,
        occurredAt: now,
        note: dto.reason,
      });
    });
  }

  /**
   * Loads and locks the enrolment, checks the move, applies it, completes the path if due. The
   * step is named by its id or by its code in the enrolment's path, as paths are.
   */
  private async move(
    enrollmentId: string,
    stepIdOrCode: string,
    action: StepAction,
    user: AuthUser,
    apply: (enrollment: Enrollment, step: LearningPathStep, state: EnrollmentStep, now: Date) => Promise<void>,
  ): Promise<EnrollmentView> {
    const enrollment = await this.tx.run(async () => {
      const enrollment = await this.enrollments.findVisible(enrollmentId, user, { lock: true });
      const step = await this.learningPaths.findStepOfPath(enrollment.pathId, stepIdOrCode);
      if (!step) throw DomainError.notFound('Step');
      const stepId = step.id;
      if (step.retiredAt) {
        throw new DomainError('INVALID_TRANSITION', 'This step was removed from the path', { stepId });
      }
      assertStepsCanProgress(enrollment.status);

      const states = this.tx.manager.getRepository(EnrollmentStep);
      const state =
        (await states.findOneBy({ enrollmentId, stepId })) ??
        states.create({
          enrollmentId,
          stepId,
          status: 'todo',
          submittedAt: null,
          validatedAt: null,
          validatedByUserId: null,
          evidenceUrl: null,
          evidenceNote: null,
          rejectedAt: null,
          rejectionReason: null,
        });
      state.status = nextStepStatus(state.status, action);
      await apply(enrollment, step, state, this.clock.now());
      await states.save(state);
      if (action === 'validate') await this.completeIfDone(enrollment, user);
      await this.tx.manager.getRepository(Enrollment).save(enrollment);
      return enrollment;
    });
    return this.views.buildOne(enrollment);
  }

  /** All required (current) steps validated: the enrolment is completed, as of the latest validation. */
  private async completeIfDone(enrollment: Enrollment, actor: AuthUser): Promise<void> {
    if (enrollment.status !== 'active') return;
    const steps = await this.learningPaths.stepsInTransaction(enrollment.pathId);
    const required = steps.filter((step) => step.required && !step.retiredAt).map((step) => step.id);
    const validated = await this.tx.manager.getRepository(EnrollmentStep).findBy({ enrollmentId: enrollment.id, status: 'validated' });
    if (!allRequiredValidated(required, new Set(validated.map((state) => state.stepId)))) return;
    const completedAt = validated
      .filter((state) => required.includes(state.stepId))
      .reduce((latest, state) => later(latest, state.validatedAt ?? latest), enrollment.enrolledAt);
    enrollment.status = nextEnrollmentStatus(enrollment.status, 'complete');
    enrollment.completedAt = completedAt;
    await this.enrollments.record(enrollment, { type: 'completed', authorUserId: actor.id, occurredAt: completedAt });
    await this.events.emit('progress.milestone', {
      type: 'path_completed',
      enrollmentId: enrollment.id,
      participantId: enrollment.participantId,
      at: completedAt,
    });
  }
}

const later = (a: Date, b: Date): Date => (b.getTime() > a.getTime() ? b : a);
