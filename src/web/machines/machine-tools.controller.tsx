import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import QRCode from 'qrcode';
import { MachinesService } from '../../machines/machines.service.js';
import { MaintenanceDueService } from '../../maintenance/maintenance-due.service.js';
import { FrenchDates } from '../shell/french.js';
import { sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext, WebRequest } from '../shell/web-request.js';
import { machinePath } from './machine.pages.js';
import { DueListPage, LabelSheetPage } from './machine-tools.pages.js';

/** The address a label's QR code holds: the machine's page on the host the team is using. */
export const machineUrlFor = (request: WebRequest, code: string): string =>
  `${request.protocol}://${request.get('host') ?? 'localhost'}${machinePath({ code })}`;

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
}
