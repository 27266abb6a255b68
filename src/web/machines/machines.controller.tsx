import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { BookingUseService } from '../../bookings/booking-use.service.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import { MachineViewsService } from '../../machine-overview/machine-views.service.js';
import { MachinesService } from '../../machines/machines.service.js';
import { CreateIncidentDto } from '../../maintenance/dto/create-incident.dto.js';
import { IncidentsService } from '../../maintenance/incidents.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import { type PageContext, say } from '../shell/web-request.js';
import { MachinePageLoader } from './machine-page.loader.js';
import { doneMessage, MachineListPage, MachinePage, machinePath, ReportPage } from './machine.pages.js';
import { STATUS_ORDER } from './machine-words.js';

/**
 * The machines for everyone logged in: the list with each one's status, and the page of one
 * machine at `/m/<code>` (the address of the QR code on its label). The team's sections (history,
 * incidents, work orders, plans, figures) are read with the API's rules: trainers read what the
 * API lets staff read, facilitators and admins act (MaintenancePagesController).
 */
@WebPages()
@ForRoles('learner', 'trainer', 'facilitator', 'admin')
@Controller()
export class MachinePagesController {
  constructor(
    private readonly machines: MachinesService,
    private readonly machineViews: MachineViewsService,
    private readonly incidents: IncidentsService,
    private readonly loader: MachinePageLoader,
    private readonly bookings: BookingsService,
    private readonly use: BookingUseService,
    private readonly dates: FrenchDates,
  ) {}

  @Get('atelier')
  async list(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    let machines = await this.machines.listAll();
    if (user.role === 'learner') machines = machines.filter((m) => m.status !== 'retired');
    const views = await this.machineViews.views(machines);
    const items = await Promise.all(
      machines.map(async (machine, i) => ({ machine, since: await this.loader.since(machine.id), next: views[i].nextMaintenance })),
    );
    items.sort((a, b) => STATUS_ORDER[a.machine.status] - STATUS_ORDER[b.machine.status] || a.machine.name.localeCompare(b.machine.name, 'fr'));
    sendPage(res, <MachineListPage page={page} items={items} dates={this.dates} />);
  }

  @Get('m/:code')
  async show(@Page() page: PageContext, @Param('code') code: string, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    if (machine.code !== code) return redirect(res, machinePath(machine)); // one address per machine
    sendPage(res, <MachinePage page={page} data={await this.loader.load(machine, page.user as AuthUser)} dates={this.dates} notice={doneMessage(page, done)} />);
  }

  @Get('m/:code/signaler')
  async reportForm(@Page() page: PageContext, @Param('code') code: string, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    sendPage(res, <ReportPage page={page} machine={machine} values={{ severity: '', description: '' }} errors={{}} />);
  }

  @Post('m/:code/signaler')
  async report(@Page() page: PageContext, @Param('code') code: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    const { value, errors } = await readForm(CreateIncidentDto, body, {
      severity: say(page, 'Dis-nous si la machine marche encore.', 'Indiquez si la machine marche encore.'),
      description: say(
        page,
        'Explique ce qui se passe en quelques mots (3 caractères au moins, 2000 au plus).',
        'Décrivez ce qui se passe en quelques mots (3 caractères au moins, 2000 au plus).',
      ),
    });
    const all: FieldErrors = { ...errors };
    if (Object.keys(all).length === 0) {
      try {
        await this.incidents.report(machine.id, value, (page.user as AuthUser).id);
        return redirect(res, `${machinePath(machine)}?fait=signale`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'MACHINE_UNAVAILABLE') throw error;
        all._form = say(page, 'Cette machine n’est plus utilisée au fablab : pas besoin de la signaler.', 'Cette machine est retirée : elle ne prend plus de signalement.');
      }
    }
    const values = { severity: formText(body, 'severity'), description: formText(body, 'description').slice(0, 2000) };
    sendPage(res, <ReportPage page={page} machine={machine} values={values} errors={all} />, 400);
  }

  /** A learner starts their own open-lab time at the machine (POST /api/bookings/:id/check-in, as its author). */
  @Post('m/:code/seances/:id/arrivee')
  async checkIn(@Page() page: PageContext, @Param('code') code: string, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    if (!isUuid(id)) throw DomainError.notFound('Booking');
    const user = page.user as AuthUser;
    const booking = await this.bookings.detail(id, user); // 404 when it is not theirs to see
    if (booking.machineId !== machine.id) throw DomainError.notFound('Booking');
    try {
      await this.use.checkIn(id, undefined, user);
      return redirect(res, `${machinePath(machine)}?fait=arrivee`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      const words: Record<string, string> = {
        FORBIDDEN: say(page, 'Seule la personne qui a réservé peut commencer cette séance.', 'Seul l’auteur de la réservation ou l’équipe peut commencer cette séance.'),
        MACHINE_UNAVAILABLE: say(page, 'La machine n’est pas disponible : préviens l’équipe du fablab.', 'La machine n’est pas disponible.'),
      };
      const message = words[error.code] ?? say(page, 'Ce n’est pas le moment : la séance s’ouvre 30 minutes avant le début et se ferme à la fin.', 'Ce n’est pas le moment : la séance s’ouvre 30 minutes avant le début et se ferme à la fin.');
      const data = await this.loader.load(machine, user);
      sendPage(res, <MachinePage page={page} data={data} dates={this.dates} notice={null} formErrors={{ _form: message }} />, 422);
    }
  }
}
