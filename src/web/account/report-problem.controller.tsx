import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { MachinesService } from '../../machines/machines.service.js';
import { CreateIncidentDto } from '../../maintenance/dto/create-incident.dto.js';
import { IncidentsService } from '../../maintenance/incidents.service.js';
import { ErrorSummary, type FieldErrors, Notice, PostForm, Select } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { Layout } from '../shell/layout.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import { type PageContext, say } from '../shell/web-request.js';
import { ProblemFields } from './problem-fields.js';

/** "Signaler une panne": anyone logged in reports a problem on a machine. */
@WebPages()
@ForRoles('learner', 'trainer', 'facilitator', 'admin')
@Controller('signaler')
export class ReportProblemController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly machines: MachinesService,
  ) {}

  @Get()
  async form(@Page() page: PageContext, @Query('machine') machineId: unknown, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    await this.render(page, res, { machineId: isUuid(machineId) ? machineId : '', severity: '', description: '' }, {}, done === 'merci' ? 'Merci ! L’équipe du fablab est prévenue.' : null);

  }

  @Post()
  async report(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const machineId = formText(body, 'machineId');
    const { value, errors } = await readForm(CreateIncidentDto, body, {
      severity: say(page, 'Dis-nous si la machine marche encore.', 'Indiquez si la machine marche encore.'),
      description: say(page, 'Explique ce qui se passe en quelques mots (3 caractères au moins, 2000 au plus).', 'Décrivez ce qui se passe en quelques mots (3 caractères au moins, 2000 au plus).'),
    });
    const all: FieldErrors = isUuid(machineId) ? {} : { machineId: say(page, 'Choisis la machine qui a un problème.', 'Choisissez la machine qui a un problème.') };
    Object.assign(all, errors);
    if (Object.keys(all).length === 0) {
      try {
        await this.incidents.report(machineId, value, (page.user as AuthUser).id);
        return redirect(res, '/signaler?fait=merci');
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
        all.machineId = say(page, 'Cette machine n’existe plus. Choisis-en une dans la liste.', 'Cette machine n’existe plus. Choisissez-en une dans la liste.');
      }
    }
    await this.render(page, res, { machineId, severity: formText(body, 'severity'), description: formText(body, 'description').slice(0, 2000) }, all, null, 400);
  }

  private async render(
    page: PageContext,
    res: Response,
    values: { machineId: string; severity: string; description: string },
    errors: FieldErrors,
    notice: string | null,
    status = 200,
  ): Promise<void> {
    const machines = (await this.machines.listAll()).filter((m) => m.status !== 'retired').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    sendPage(
      res,
      <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Signaler une panne' : 'Signaler une panne'}>
        <h1>Signaler une panne</h1>
        <Notice message={notice} />
        <ErrorSummary errors={errors} />
        <p class="lead">{say(page, 'Une machine ne marche pas bien ? Dis-le : l’équipe sera prévenue tout de suite.', 'Une machine ne marche pas bien ? Signalez-le : l’équipe sera prévenue tout de suite.')}</p>
        <PostForm page={page} action="/signaler">
          <Select
            name="machineId"
            label="Quelle machine ?"
            placeholder="Choisis une machine"
            value={values.machineId}
            choices={machines.map((m) => ({ value: m.id, label: `${m.name}${m.location ? ` (${m.location})` : ''}` }))}
            error={errors.machineId}
          />
          <ProblemFields values={values} errors={errors} />
          <div class="actions">
            <button type="submit">Envoyer le signalement</button>
          </div>
        </PostForm>
      </Layout>,
      status,
    );
  }
}
