import { Injectable } from '@nestjs/common';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import type { LearningPathStep } from '../learning-paths/learning-path-step.entity.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { EnrollmentStep } from './enrollment-step.entity.js';
import { progressPct } from './enrollment-rules.js';
import type { EnrollmentStepView, EnrollmentView, NextStepView } from './enrollment-view.js';
import type { Enrollment } from './enrollment.entity.js';

/**
 * Builds enrolment views in one query, whatever the number of enrolments: the step states with
 * their validators' names; paths and steps come from the catalogue.
 */
@Injectable()
export class EnrollmentViewsService {
  constructor(
    private readonly raw: RawReader,
    private readonly learningPaths: LearningPathsService,
  ) {}

  async build(enrollments: Enrollment[]): Promise<EnrollmentView[]> {
    if (enrollments.length === 0) return [];
    const rows = await this.raw.rows(
      `SELECT s.*, u.display_name AS validator_display_name
         FROM enrollment_steps s LEFT JOIN users u ON u.id = s.validated_by_user_id
        WHERE s.enrollment_id IN (:...enrollmentIds)`,
      { enrollmentIds: enrollments.map((e) => e.id) },
    );
    return this.fromStepRows(enrollments, rows);
  }

  /**
   * The views of these enrolments from their step states already read: rows of `enrollment_steps`
   * (`s.*`) with `validator_display_name`, as `build` reads them (or PARTICIPANT_ENROLLMENT_STEPS_SQL).
   */
  async fromStepRows(enrollments: Enrollment[], rows: RawRow[]): Promise<EnrollmentView[]> {
    if (enrollments.length === 0) return [];
    const pathIds = enrollments.map((e) => e.pathId);
    const [paths, stepsByPath] = await Promise.all([this.learningPaths.findByIds(pathIds), this.learningPaths.stepsOf(pathIds)]);
    const states = rows.map((row) => this.raw.hydrate(EnrollmentStep, row));
    const validators = new Map<string, string>();
    for (const [i, row] of rows.entries()) {
      const id = states[i].validatedByUserId;
      if (id && typeof row.validator_display_name === 'string') validators.set(id, row.validator_display_name);
    }
    const statesByEnrollment = new Map<string, Map<string, EnrollmentStep>>();
    for (const state of states) {
      const map = statesByEnrollment.get(state.enrollmentId) ?? new Map<string, EnrollmentStep>();
      map.set(state.stepId, state);
      statesByEnrollment.set(state.enrollmentId, map);
    }
    return enrollments.map((enrollment) => {
      const path = paths.get(enrollment.pathId);
      return this.view(
        enrollment,
        { id: enrollment.pathId, code: path?.code ?? '', title: path?.title ?? '' },
        stepsByPath.get(enrollment.pathId) ?? [],
        statesByEnrollment.get(enrollment.id) ?? new Map(),
        validators,
      );
    });
  }

  async buildOne(enrollment: Enrollment): Promise<EnrollmentView> {
    const [view] = await this.build([enrollment]);
    return view;
  }

  private view(
    enrollment: Enrollment,
    path: EnrollmentView['path'],
    steps: LearningPathStep[],
    states: Map<string, EnrollmentStep>,
    validators: Map<string, string>,
  ): EnrollmentView {
    const current = steps.filter((step) => !step.retiredAt);
    // Retired steps stay visible where something was recorded on them: history is not lost.
    const retired = steps.filter((step) => step.retiredAt && states.has(step.id));
    const stepViews = [...current, ...retired].map((step) => this.stepView(step, states.get(step.id), validators));

    const validated = new Set(
      [...states.values()].filter((state) => state.status === 'validated').map((state) => state.stepId),
    );
    const required = current.filter((step) => step.required);
    const open = enrollment.status === 'active' || enrollment.status === 'paused';
    const pending = (list: LearningPathStep[]) => list.find((step) => !validated.has(step.id));
    const next = open ? (pending(required) ?? pending(current)) : undefined;
    const nextView = next ? stepViews.find((view) => view.stepId === next.id) : undefined;
    const nextStep: NextStepView | null = nextView
      ? { stepId: nextView.stepId, code: nextView.code, title: nextView.title, status: nextView.status }
      : null;

    return {
      id: enrollment.id,
      participantId: enrollment.participantId,
      path,
      status: enrollment.status,
      enrolledAt: enrollment.enrolledAt.toISOString(),
      completedAt: enrollment.completedAt?.toISOString() ?? null,
      progressPct: progressPct(enrollment.status, required.map((step) => step.id), validated),
      nextStep,
      steps: stepViews,
      outcome: enrollment.outcome
        ? { outcome: enrollment.outcome, recordedAt: enrollment.outcomeRecordedAt?.toISOString() ?? null }
        : null,
      lastActivityAt: enrollment.lastActivityAt.toISOString(),
    };
  }

  private stepView(
    step: LearningPathStep,
    state: EnrollmentStep | undefined,
    validators: Map<string, string>,
  ): EnrollmentStepView {
    const status = state?.status ?? 'todo';
    return {
      stepId: step.id,
      code: step.code,
      title: step.title,
      position: step.position,
      kind: step.kind,
      required: step.required,
      grantsQualification: step.grantsQualification,
      status,
      submittedAt: state?.submittedAt?.toISOString() ?? null,
      validatedAt: state?.validatedAt?.toISOString() ?? null,
      validatedBy: state?.validatedByUserId
        ? { id: state.validatedByUserId, displayName: validators.get(state.validatedByUserId) ?? null }
        : null,
      evidence: state && (state.evidenceUrl || state.evidenceNote) ? { url: state.evidenceUrl, note: state.evidenceNote } : null,
      rejection:
        state?.rejectedAt && status === 'todo'
          ? { reason: state.rejectionReason, rejectedAt: state.rejectedAt.toISOString() }
          : null,
      retired: step.retiredAt !== null,
    };
  }
}
