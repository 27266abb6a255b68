import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import QRCode from 'qrcode';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { CreateMachineDto } from '../../machines/dto/create-machine.dto.js';
import { MachinesService } from '../../machines/machines.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { MaintenanceDueService } from '../../maintenance/maintenance-due.service.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext, WebRequest } from '../shell/web-request.js';
import { machinePath } from './machine.pages.js';
import { DueListPage, LabelSheetPage, type NewMachineValues, NewMachinePage } from './machine-tools.pages.js';

/** The address a label's QR code holds: the machine's page on the host the team is using. */
export const machineUrlFor = (request: WebRequest, code: string): string =>
  `${request.protocol}://${request.host ?? 'localhost'}${machinePath({ code })}`;

/**
 * The team's machine tools: the sheet of QR labels to print and stick on the machines, and the
 * preventive maintenance that is due. Facilitators and admins.
 */
@WebPages()
@ForRoles('facilitator', 'admin')
@Controller('atelier')
export class MachineToolsController {
  constructor(
    private readonly machines: MachinesService,
    private readonly due: MaintenanceDueService,
    private readonly dates: FrenchDates,
  ) {}

  /** A4 sheets of labels, several per page; `?code=` (repeated) narrows to some machines. */
  @Get('etiquettes')
  async labels(@Page() page: PageContext, @Query('code') codes: unknown, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const all = (await this.machines.listAll()).filter((m) => m.status !== 'retired');
    const wanted = new Set([codes].flat().filter((c): c is string => typeof c === 'string'));
    const chosen = wanted.size > 0 ? all.filter((m) => wanted.has(m.code)) : all;
    const labels = await Promise.all(
      chosen.map(async (machine) => {
        const url = machineUrlFor(req, machine.code);
        const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
        return { machine, url, svg };
      }),
    );
    sendPage(res, <LabelSheetPage page={page} machines={all} chosen={new Set(chosen.map((m) => m.code))} labels={labels} />);
  }

  @Get('entretien')
  async maintenanceDue(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    const due = await this.due.listDue({ limit: 200, offset: 0 });
    sendPage(res, <DueListPage page={page} items={due.items} dates={this.dates} />);
  }

  @Get('nouvelle')
  newMachine(@Page() page: PageContext, @Res() res: Response): void {
    sendPage(res, <NewMachinePage page={page} values={{ code: '', name: '', category: '', location: '', requiresQualification: true }} errors={{}} />);
  }

  /** Adds a machine (POST /api/machines), then its page, where its label's address is. */
  @Post()
  async create(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const requiresQualification = formText(body, 'requiresQualification') === 'on';
    const { value, errors } = await readForm(
      CreateMachineDto,
      body,
      {
        code: 'Écrivez un code de 1 à 32 caractères : lettres, chiffres, point, tiret (par exemple LASER-01).',
        name: 'Écrivez le nom de la machine (120 caractères au plus).',
        category: 'Choisissez le genre de machine.',
        location: 'L’emplacement fait 120 caractères au plus.',
      },
      { requiresQualification },
    );
    const all: FieldErrors = { ...errors };
    if (Object.keys(all).length === 0) {
      try {
        const machine = await this.machines.create(value, (page.user as AuthUser).id);
        return redirect(res, `${machinePath(machine)}?fait=ajoutee`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
        all.code = 'Une autre machine a déjà ce code. Choisissez-en un autre.';
      }
    }
    const values: NewMachineValues = {
      code: formText(body, 'code').slice(0, 32),
      name: formText(body, 'name').slice(0, 120),
      category: formText(body, 'category'),
      location: formText(body, 'location').slice(0, 120),
      requiresQualification,
    };
    sendPage(res, <NewMachinePage page={page} values={values} errors={all} />, 400);
  }
}
