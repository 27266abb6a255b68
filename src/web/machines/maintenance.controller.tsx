import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Machine } from '../../machines/machine.entity.js';
import { ChangeStatusDto } from '../../machines/dto/change-status.dto.js';
import { MachinesService } from '../../machines/machines.service.js';
import { CompleteWorkOrderDto } from '../../maintenance/dto/complete-work-order.dto.js';
import { CreatePlanDto } from '../../maintenance/dto/create-plan.dto.js';
import { CreateWorkOrderDto } from '../../maintenance/dto/create-work-order.dto.js';
import type { WorkOrderView } from '../../maintenance/maintenance-views.js';
import { MaintenancePlansService } from '../../maintenance/maintenance-plans.service.js';
import { WorkOrdersService } from '../../maintenance/work-orders.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext } from '../shell/web-request.js';
import { MachinePage, machinePath, WorkOrderPage } from './machine.pages.js';
import { MachinePageLoader } from './machine-page.loader.js';
import { hours } from './machine-words.js';
import { ownEntry } from '../shell/notices.js';

/** A number as people type it: "12,5" or "12.5"; NaN when it is not one. */
export const readNumber = (text: string): number => (/^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN);

const ACTIONS = {
  demarrer: { run: 'start', done: 'demarre' },
  attente: { run: 'hold', done: 'attente' },
  annuler: { run: 'cancel', done: 'annule' },
} as const;

/**
 * What a repair or a check without a plan's checklist confirms before the machine goes back to
 * young people: the completion form offers these lines (the API takes any checklist).
 */
export const BACK_IN_SERVICE_CHECKLIST = ['La machine a été essayée et elle marche', 'Les protections et l’arrêt d’urgence sont en place', 'Le poste est propre et rangé'];

/** The checklist the completion form shows: the order's own (a plan's), else the back-in-service one. */
export const checklistOf = (order: Pick<WorkOrderView, 'checklist'>): string[] =>
  order.checklist.length > 0 ? order.checklist.map((c) => c.item) : BACK_IN_SERVICE_CHECKLIST;

const REFUSED_MOVE = 'Ce n’est plus possible : l’ordre de travail a changé entre-temps. Voici où il en est.';

/**
 * The team's maintenance actions on a machine's page: work orders (create, start, hold, cancel,
 * complete with the checklist and a meter reading) and preventive plans. Facilitators and
 * admins, as in the API; anyone else gets "page introuvable".
 */
@WebPages()
@ForRoles('facilitator', 'admin')
@Controller('m/:code')
export class MaintenancePagesController {
  constructor(
    private readonly machines: MachinesService,
    private readonly workOrders: WorkOrdersService,
    private readonly plans: MaintenancePlansService,
    private readonly machinePages: MachinePageLoader,
    private readonly dates: FrenchDates,
  ) {}

  @Post('ordres')
  async createOrder(@Page() page: PageContext, @Param('code') code: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    const { value, errors } = await readForm(
      CreateWorkOrderDto,
      body,
      {
        kind: 'Choisissez le genre de travail : réparation, contrôle ou entretien préventif.',
        title: 'Écrivez ce qu’il faut faire (160 caractères au plus).',
        description: 'Les détails font 2000 caractères au plus.',
      },
      { machineId: machine.id },
    );
    if (Object.keys(errors).length === 0) {
      await this.workOrders.create(value, (page.user as AuthUser).id);
      return redirect(res, `${machinePath(machine)}?fait=ordre#ordres`);
    }
    const values = { kind: formText(body, 'kind'), title: formText(body, 'title').slice(0, 160), description: formText(body, 'description').slice(0, 2000) };
    const data = await this.machinePages.load(machine, page.user as AuthUser);
    sendPage(res, <MachinePage page={page} data={data} dates={this.dates} notice={null} orderErrors={errors} orderValues={values} />, 400);
  }

  @Post('plans')
  async createPlan(@Page() page: PageContext, @Param('code') code: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    const everyDays = formText(body, 'everyDays');
    const everyUsageHours = formText(body, 'everyUsageHours');
    const checklist = formText(body, 'checklist')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const { value, errors: found } = await readForm(
      CreatePlanDto,
      {},
      {
        title: 'Donnez un nom à l’entretien (160 caractères au plus).',
        everyDays: 'Écrivez un nombre entier de jours, entre 1 et 3650.',
        everyUsageHours: 'Écrivez un nombre d’heures entre 0,25 et 100 000.',
        checklist: 'Gardez 50 vérifications au plus, de 200 caractères chacune au plus.',
      },
      {
        title: formText(body, 'planTitle') || undefined,
        ...(everyDays ? { everyDays: readNumber(everyDays) } : {}),
        ...(everyUsageHours ? { everyUsageHours: readNumber(everyUsageHours) } : {}),
        ...(checklist.length ? { checklist } : {}),
      },
    );
    // The form's name field is "planTitle" (the page's work-order form has its own "title").
    const { title: titleError, ...rest } = found;
    const errors: FieldErrors = titleError ? { planTitle: titleError, ...rest } : rest;
    if (!everyDays && !everyUsageHours) errors.everyDays = 'Dites quand le refaire : tous les combien de jours, ou toutes les combien d’heures d’utilisation.';
    if (Object.keys(errors).length === 0) {
      await this.plans.create(machine.id, value, (page.user as AuthUser).id);
      return redirect(res, `${machinePath(machine)}?fait=plan`);
    }
    const values = { planTitle: formText(body, 'planTitle').slice(0, 160), everyDays: everyDays.slice(0, 12), everyUsageHours: everyUsageHours.slice(0, 12), checklist: formText(body, 'checklist').slice(0, 5000) };
    const data = await this.machinePages.load(machine, page.user as AuthUser);
    sendPage(res, <MachinePage page={page} data={data} dates={this.dates} notice={null} planErrors={errors} planValues={values} />, 400);
  }

  /** A status set by hand (maintenance, back in service, retired), with the reason kept in the history. */
  @Post('etat')
  async changeStatus(@Page() page: PageContext, @Param('code') code: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    const { value, errors } = await readForm(ChangeStatusDto, body, {
      status: 'Choisissez le nouvel état.',
      reason: 'Dites pourquoi en quelques mots (500 caractères au plus) : c’est gardé dans l’historique.',
    });
    if (Object.keys(errors).length === 0) {
      try {
        await this.machines.changeStatus(machine.id, value.status, value.reason, 'manual', { actorId: (page.user as AuthUser).id });
        return redirect(res, `${machinePath(machine)}?fait=etat`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'INVALID_TRANSITION') throw error;
        errors.status = 'La machine est déjà dans cet état.';
      }
    }
    const values = { status: formText(body, 'status'), reason: formText(body, 'reason').slice(0, 500) };
    const data = await this.machinePages.load(machine, page.user as AuthUser);
    sendPage(res, <MachinePage page={page} data={data} dates={this.dates} notice={null} statusErrors={errors} statusValues={values} />, 400);
  }

  /** "Lancer cet entretien": a preventive order of the plan, with its checklist. */
  @Post('plans/:planId/ordre')
  async startPlan(@Page() page: PageContext, @Param('code') code: string, @Param('planId') planId: string, @Res() res: Response): Promise<void> {
    const machine = await this.machines.getByCode(code);
    const plan = isUuid(planId) ? await this.plans.get(planId) : null;
    if (!plan || plan.machineId !== machine.id) throw DomainError.notFound('Maintenance plan');
    let orderId: string;
    try {
      orderId = (await this.workOrders.create({ machineId: machine.id, kind: 'preventive', title: plan.title, planId: plan.id }, (page.user as AuthUser).id)).id;
    } catch (error) {
      // Already under way (a second tap, a colleague): open that one.
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      orderId = (error.details as { openWorkOrderId: string }).openWorkOrderId;
    }
    redirect(res, `${machinePath(machine)}/ordres/${orderId}`);
  }

  @Get('ordres/:id')
  async showOrder(@Page() page: PageContext, @Param('code') code: string, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { machine, order } = await this.orderOf(code, id);
    this.renderOrder(page, res, machine, order, {}, { done: new Set(order.checklist.flatMap((c, i) => (c.done ? [i] : []))), usageHours: '', notes: '' });
  }

  @Post('ordres/:id/terminer')
  async complete(@Page() page: PageContext, @Param('code') code: string, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const { machine, order } = await this.orderOf(code, id);
    const raw = (body as Record<string, unknown>)?.done;
    const items = checklistOf(order);
    const done = new Set([raw].flat().map((v) => Number(v)).filter((n) => Number.isInteger(n) && n >= 0 && n < items.length));
    const usageText = formText(body, 'usageHours');
    const usageHours = usageText ? readNumber(usageText) : undefined;
    const { value, errors } = await readForm(
      CompleteWorkOrderDto,
      body,
      {
        notes: 'Les remarques font 4000 caractères au plus.',
        usageHours: 'Écrivez le relevé du compteur en heures, par exemple 152 ou 152,5.',
      },
      { checklist: items.map((item, i) => ({ item, done: done.has(i) })), ...(usageHours !== undefined ? { usageHours } : {}) },
    );
    if (Object.keys(errors).length === 0) {
      try {
        await this.workOrders.complete(order.id, value, (page.user as AuthUser).id);
        return redirect(res, `${machinePath(machine)}?fait=termine`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'METER_DECREASE') {
          errors.usageHours = `Le compteur est déjà à ${hours(machine.usageHours)} : écrivez un relevé égal ou plus grand.`;
        } else if (error.code === 'INVALID_TRANSITION') {
          errors._form = REFUSED_MOVE;
        } else throw error;
      }
    }
    const fresh = await this.workOrders.detail(order.id);
    this.renderOrder(page, res, await this.machines.get(machine.id), fresh, errors, { done, usageHours: usageText.slice(0, 20), notes: formText(body, 'notes').slice(0, 4000) }, 400);
  }

  @Post('ordres/:id/:action')
  async move(@Page() page: PageContext, @Param('code') code: string, @Param('id') id: string, @Param('action') action: string, @Res() res: Response): Promise<void> {
    const step = ownEntry(ACTIONS, action);
    if (!step) throw DomainError.notFound('Page');
    const { machine, order } = await this.orderOf(code, id);
    const actorId = (page.user as AuthUser).id;
    try {
      await this.workOrders[step.run](order.id, actorId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INVALID_TRANSITION') throw error;
      const fresh = await this.workOrders.detail(order.id);
      return this.renderOrder(page, res, machine, fresh, { _form: REFUSED_MOVE }, { done: new Set(), usageHours: '', notes: '' }, 422);
    }
    redirect(res, `${machinePath(machine)}?fait=${step.done}#ordres`);
  }

  /** The machine of the address and one of its work orders; anything else is "page introuvable". */
  private async orderOf(code: string, id: string): Promise<{ machine: Machine; order: WorkOrderView }> {
    const machine = await this.machines.getByCode(code);
    if (!isUuid(id)) throw DomainError.notFound('Work order');
    const order = await this.workOrders.detail(id);
    if (order.machineId !== machine.id) throw DomainError.notFound('Work order');
    return { machine, order };
  }

  private renderOrder(
    page: PageContext,
    res: Response,
    machine: Machine,
    order: WorkOrderView,
    errors: FieldErrors,
    values: { done: Set<number>; usageHours: string; notes: string },
    status = 200,
  ): void {
    sendPage(res, <WorkOrderPage page={page} machine={machine} order={order} dates={this.dates} errors={errors} values={values} mayAct checklist={checklistOf(order)} />, status);
  }
}
