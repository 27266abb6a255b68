import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RejectStepDto } from '../../participants/dto/reject-step.dto.js';
import { ValidateStepDto } from '../../participants/dto/validate-step.dto.js';
import { StepProgressService } from '../../participants/step-progress.service.js';
import { StepValidationsService } from '../../participants/step-validations.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext } from '../shell/web-request.js';
import { EMPTY_VALIDATION_FORM, ValidateStepPage, type ValidationForm, ValidationsPage } from './validations.pages.js';
import { noticeFrom } from '../shell/notices.js';

const DONE: Record<string, string> = {
  validee: 'L’étape est validée. Le jeune la voit dans son parcours.',
  renvoyee: 'L’étape est renvoyée au jeune avec votre message.',
};

const STALE = 'Cette étape a changé entre-temps (déjà validée ou renvoyée par quelqu’un d’autre, ou parcours en pause). Rechargez la page.';

/**
 * "Étapes à valider": the steps waiting for validation that the user may see, grouped by young
 * person, and one page per step to validate it (with a note) or send it back (with a reason).
 * The same services and scope as the API's validate and reject routes: a trainer sees and
 * validates only their young people; anyone else gets "page not found".
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('validations')
export class ValidationsController {
  constructor(
    private readonly validations: StepValidationsService,
    private readonly progress: StepProgressService,
    private readonly dates: FrenchDates,
  ) {}

  @Get()
  async list(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const steps = await this.validations.submitted(page.user as AuthUser);
    sendPage(res, <ValidationsPage page={page} steps={steps} dates={this.dates} notice={noticeFrom(DONE, done)} />);
  }

  @Get(':enrollmentId/:stepId')
  async show(@Page() page: PageContext, @Param('enrollmentId') enrollmentId: string, @Param('stepId') stepId: string, @Res() res: Response): Promise<void> {
    await this.render(page, res, enrollmentId, stepId, EMPTY_VALIDATION_FORM);
  }

  @Post(':enrollmentId/:stepId/valider')
  async validate(
    @Page() page: PageContext,
    @Param('enrollmentId') enrollmentId: string,
    @Param('stepId') stepId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const user = page.user as AuthUser;
    await this.validations.one(this.id(enrollmentId), this.id(stepId), user); // 404 before reading anything
    const { value, errors } = await readForm(ValidateStepDto, body, { note: 'Votre remarque doit faire 2000 caractères au plus.' });
    if (Object.keys(errors).length === 0) {
      const done = await this.attempt(errors, () => this.progress.validate(enrollmentId, stepId, value, user));
      if (done) return redirect(res, '/validations?fait=validee');
    }
    await this.render(page, res, enrollmentId, stepId, { ...EMPTY_VALIDATION_FORM, note: formText(body, 'note').slice(0, 2000), errors }, 400);
  }

  @Post(':enrollmentId/:stepId/renvoyer')
  async reject(
    @Page() page: PageContext,
    @Param('enrollmentId') enrollmentId: string,
    @Param('stepId') stepId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const user = page.user as AuthUser;
    await this.validations.one(this.id(enrollmentId), this.id(stepId), user);
    const { value, errors } = await readForm(RejectStepDto, body, {
      reason: 'Expliquez au jeune pourquoi l’étape est renvoyée (2000 caractères au plus).',
    });
    if (Object.keys(errors).length === 0) {
      const done = await this.attempt(errors, () => this.progress.reject(enrollmentId, stepId, value, user));
      if (done) return redirect(res, '/validations?fait=renvoyee');
    }
    await this.render(page, res, enrollmentId, stepId, { ...EMPTY_VALIDATION_FORM, reason: formText(body, 'reason').slice(0, 2000), errors }, 400);
  }

  /** Runs the move; a step that changed meanwhile is a form error, not a crash. */
  private async attempt(errors: FieldErrors, move: () => Promise<unknown>): Promise<boolean> {
    try {
      await move();
      return true;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INVALID_TRANSITION') throw error;
      errors._form = STALE;
      return false;
    }
  }

  private id(value: string): string {
    if (!isUuid(value)) throw DomainError.notFound('Step');
    return value;
  }

  private async render(page: PageContext, res: Response, enrollmentId: string, stepId: string, form: ValidationForm, status = 200): Promise<void> {
    const step = await this.validations.one(this.id(enrollmentId), this.id(stepId), page.user as AuthUser);
    sendPage(res, <ValidateStepPage page={page} step={step} dates={this.dates} form={form} />, status);
  }
}
