import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { assertSafeInput } from '../../common/http/input-safety.pipe.js';
import { RejectStepDto } from '../../participants/dto/reject-step.dto.js';
import { ValidateStepDto } from '../../participants/dto/validate-step.dto.js';
import { StepProgressService } from '../../participants/step-progress.service.js';
import { StepValidationsService } from '../../participants/step-validations.service.js';
import { EvidencePhotosService } from '../../evidence/evidence-photos.service.js';
import { type PreparedPhoto, preparePhoto } from '../../evidence/photo-processing.js';
import { AppConfig } from '../../config/app-config.js';
import type { PhotoFormRequest } from './photo-form.middleware.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
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
    private readonly photos: EvidencePhotosService,
    private readonly config: AppConfig,
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

  /**
   * Validates with a note and, optionally, a photo (the form is multipart: PhotoFormMiddleware
   * read it). The photo is checked first (its bytes, its size), so that a refused photo changes
   * nothing; then the step is validated, then the photo attached to it.
   */
  @Post(':enrollmentId/:stepId/valider')
  async validate(
    @Page() page: PageContext,
    @Param('enrollmentId') enrollmentId: string,
    @Param('stepId') stepId: string,
    @Req() req: PhotoFormRequest,
    @Res() res: Response,
  ): Promise<void> {
    const user = page.user as AuthUser;
    const body: unknown = req.body;
    const before = await this.validations.one(this.id(enrollmentId), this.id(stepId), user); // 404 before reading anything
    assertSafeInput(body); // read by PhotoFormMiddleware, not through the pipes: a NUL character is 400 here too
    const { value, errors } = await readForm(ValidateStepDto, body, { note: 'Votre remarque doit faire 2000 caractères au plus.' });
    let status = 400;
    let photo: PreparedPhoto | null = null;
    if (req.photoFormProblem === 'too_large') {
      errors.photo = `La photo est trop lourde : ${Math.floor(this.config.evidenceMaxBytes / 1_048_576)} Mo au plus. Reprenez-la en qualité normale ou choisissez-en une plus légère.`;
      status = 413;
    } else if (req.photoFormProblem) {
      errors.photo = 'La photo n’a pas pu être lue. Choisissez-la de nouveau et renvoyez le formulaire.';
    } else if (req.file && req.file.buffer.length > 0) {
      try {
        photo = await preparePhoto(req.file.buffer);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'UNSUPPORTED_MEDIA_TYPE') throw error;
        errors.photo = 'Ce fichier n’est pas une photo que nous acceptons : choisissez une photo JPEG, PNG, WebP ou HEIF.';
        status = 415;
      }
    }
    if (Object.keys(errors).length === 0) {
      const done = await this.attempt(errors, () => this.progress.validate(enrollmentId, stepId, value, user));
      if (done) {
        if (photo) await this.photos.attach(enrollmentId, stepId, photo, user);
        // A step nobody submitted was done in front of the validator (a session): it was opened
        // from the young person's page, and that is where they go back to.
        if (before.status === 'todo') return redirect(res, `/equipe/participants/${before.participant.id}?fait=etape#parcours`);
        return redirect(res, '/validations?fait=validee');
      }
    }
    await this.render(page, res, enrollmentId, stepId, { ...EMPTY_VALIDATION_FORM, note: formText(body, 'note').slice(0, 2000), errors }, status);
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
    const user = page.user as AuthUser;
    const step = await this.validations.one(this.id(enrollmentId), this.id(stepId), user);
    const photos = (await this.photos.forEnrollment(step.enrollmentId, user)).filter((photo) => photo.stepId === step.stepId);
    const maxMegabytes = Math.floor(this.config.evidenceMaxBytes / 1_048_576);
    sendPage(res, <ValidateStepPage page={page} step={step} dates={this.dates} form={form} photos={photos} maxMegabytes={maxMegabytes} />, status);
  }
}
