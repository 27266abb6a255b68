import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/time/clock.service.js';
import type { BookingView } from '../../bookings/booking-view.js';
import { LearningPathsService } from '../../learning-paths/learning-paths.service.js';
import type { LearningPathStepView } from '../../learning-paths/learning-path-view.js';
import { MachinesService } from '../../machines/machines.service.js';
import { SubmitStepDto } from '../../participants/dto/submit-step.dto.js';
import { LearnerProgressService } from '../../me/learner-progress.service.js';
import { StepProgressService } from '../../participants/step-progress.service.js';
import type { FieldErrors } from '../shell/components.js';
import { readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';
import { isUuid } from '../shell/web-paths.js';
import { ProgressPage, type StepSubmission } from './progress.page.js';
import { noticeFrom } from '../shell/notices.js';

const DONE: Record<string, string> = {
  bienvenue: 'Ton compte est prêt. Bienvenue au fablab !',
  envoyee: 'C’est envoyé ! L’équipe va regarder ton travail et valider l’étape.',
};

/** "Mon parcours": the learner's paths, the next step, and sending a finished step for validation. */
@WebPages()
@ForRoles('learner')
@Controller('parcours')
export class ProgressController {
  constructor(
    private readonly progress: LearnerProgressService,
    private readonly steps: StepProgressService,
    private readonly paths: LearningPathsService,
    private readonly machines: MachinesService,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    await this.render(page, res, { notice: noticeFrom(DONE, done) });
  }

  @Post(':enrollmentId/etapes/:stepId')
  async submit(
    @Page() page: PageContext,
    @Param('enrollmentId') enrollmentId: string,
    @Param('stepId') stepId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    if (!isUuid(enrollmentId) || !isUuid(stepId)) throw DomainError.notFound('Step');
    const ids = { note: `note-${enrollmentId}-${stepId}`, evidenceUrl: `lien-${enrollmentId}-${stepId}` };
    const { value, errors: fieldErrors } = await readForm(SubmitStepDto, body, {
      note: 'Raconte en 2000 caractères au plus ce que tu as fait.',
      evidenceUrl: 'Le lien doit commencer par https:// (par exemple le lien d’une photo ou de ta page de projet).',
    });
    const errors: FieldErrors = {};
    if (fieldErrors.note) errors[ids.note] = fieldErrors.note;
    if (fieldErrors.evidenceUrl) errors[ids.evidenceUrl] = fieldErrors.evidenceUrl;
    if (!value.note && !value.evidenceUrl && Object.keys(errors).length === 0) {
      errors[ids.note] = 'Écris ce que tu as fait, ou donne un lien vers ton travail.';
    }
    if (Object.keys(errors).length === 0) {
      try {
        await this.steps.submit(enrollmentId, stepId, value, page.user as AuthUser);
        return redirect(res, `/parcours?fait=envoyee#etape-${enrollmentId}-${stepId}`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'INVALID_TRANSITION') throw error;
        errors._form = 'Cette étape ne peut pas être envoyée maintenant : elle est peut-être déjà envoyée ou validée.';
      }
    }
    await this.render(page, res, { submission: { enrollmentId, stepId, errors, note: value.note ?? '', evidenceUrl: value.evidenceUrl ?? '' } }, 400);
  }

  private async render(page: PageContext, res: Response, extra: { notice?: string | null; submission?: StepSubmission }, status = 200): Promise<void> {
    const learner = page.user as AuthUser;
    const progress = await this.progress.forLearner(learner);
    // The dashboard already holds the coming bookings (BookingsService.upcomingFor, soonest first).
    const upcoming = (progress.upcomingBookings as BookingView[]).slice(0, 3);
    const paths = await Promise.all(progress.enrollments.map((enrollment) => this.paths.get(enrollment.path.id)));
    const pathSteps = new Map<string, LearningPathStepView>(paths.flatMap((path) => path.steps.map((step) => [step.id, step] as const)));
    const machines = new Map((await this.machines.findMany([...new Set(upcoming.map((b) => b.machineId))])).map((m) => [m.id, m.name]));
    sendPage(
      res,
      <ProgressPage
        page={page}
        progress={progress}
        pathSteps={pathSteps}
        upcoming={upcoming.map((b) => ({ ...b, machineName: machines.get(b.machineId) ?? 'Machine' }))}
        dates={this.dates}
        now={this.clock.now()}
        notice={extra.notice ?? null}
        submission={extra.submission ?? null}
      />,
      status,
    );
  }
}
