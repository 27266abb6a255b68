import { randomInt } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { PaginationQuery } from '../../common/http/pagination.js';
import { CreatePartnerDto } from '../../partners/dto/create-partner.dto.js';
import { PartnersService } from '../../partners/partners.service.js';
import { minutesOf } from '../../settings/opening-hours-rules.js';
import { OpeningHoursService } from '../../settings/opening-hours.service.js';
import { type TimeRange, WEEKDAYS, type WeeklySchedule } from '../../settings/opening-hours.js';
import { SetTargetDto } from '../../stats/dto/set-target.dto.js';
import { StatsService } from '../../stats/stats.service.js';
import { CreateUserDto } from '../../users/dto/create-user.dto.js';
import type { User } from '../../users/user.entity.js';
import { UsersService } from '../../users/users.service.js';
import type { FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext } from '../shell/web-request.js';
import { readNumber } from '../machines/maintenance.controller.js';
import { AdminHomePage, DAY_LABEL, OpeningHoursPage, PartnersPage, RANGES_PER_DAY, TargetsPage, type UserFormValues, UsersPage } from './admin.pages.js';
import { noticeFrom } from '../shell/notices.js';

const ALL = { limit: 500, offset: 0 } as PaginationQuery;
const STAFF_ROLES = ['admin', 'facilitator', 'trainer'] as const;
/** Letters and digits that cannot be mistaken for one another when read aloud or copied. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const DONE: Record<string, string> = {
  cree: 'Le compte est créé.',
  desactive: 'Le compte est désactivé : ses sessions sont fermées.',
  reactive: 'Le compte est réactivé.',
  partenaire: 'Le partenaire est ajouté.',
  partenaire_modifie: 'Le partenaire est mis à jour.',
  horaires: 'La semaine type est enregistrée.',
  fermeture: 'La fermeture est ajoutée.',
  fermeture_supprimee: 'La fermeture est supprimée.',
  objectif: 'L’objectif est enregistré.',
};
const noticeOf = (done: unknown): string | null => noticeFrom(DONE, done);

/** A temporary password, shown once: 14 characters (about 69 bits). */
export const temporaryPassword = (): string => Array.from({ length: 14 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');

/**
 * The manager's pages (`/gestion`, admin only): accounts, partners, opening hours and closures,
 * yearly targets. Each calls the service of the API route that does the same thing.
 */
@WebPages()
@ForRoles('admin')
@Controller('gestion')
export class AdminPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly partners: PartnersService,
    private readonly openingHours: OpeningHoursService,
    private readonly stats: StatsService,
    private readonly dates: FrenchDates,
  ) {}

  @Get()
  home(@Page() page: PageContext, @Res() res: Response): void {
    sendPage(res, <AdminHomePage page={page} />);
  }

  // ---- accounts

  @Get('comptes')
  async accounts(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    await this.renderAccounts(page, res, { displayName: '', username: '', email: '', role: '', partnerId: '' }, {}, noticeOf(done), null);
  }

  @Post('comptes')
  async createAccount(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const password = temporaryPassword();
    const role = formText(body, 'role');
    const { value, errors } = await readForm(
      CreateUserDto,
      body,
      {
        displayName: 'Écrivez le nom de la personne (120 caractères au plus).',
        username: 'Choisissez un identifiant de 3 à 64 caractères : lettres minuscules sans accent, chiffres, point, tiret.',
        email: 'Écrivez une adresse e-mail valable, ou laissez vide.',
        role: 'Choisissez son rôle.',
        partnerId: 'Choisissez son organisation dans la liste.',
      },
      { password, ...(role === 'trainer' ? {} : { partnerId: undefined }) },
    );
    if (!value.username && !errors.username) errors.username = 'Choisissez un identifiant : la personne s’en servira pour se connecter.';
    if (role === 'trainer' && !value.partnerId && !errors.partnerId) errors.partnerId = 'Un formateur ou une formatrice appartient à un partenaire : choisissez lequel.';
    if (Object.keys(errors).length === 0) {
      try {
        const user = await this.users.create(value);
        return this.renderAccounts(page, res, { displayName: '', username: '', email: '', role: '', partnerId: '' }, {}, DONE.cree, {
          who: user.displayName,
          login: user.username ?? user.email ?? '',
          password,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const field = (error.details as { field?: string } | undefined)?.field ?? (error.details as Array<{ field: string }> | undefined)?.[0]?.field;
        if (error.code === 'CONFLICT') {
          if (field === 'email') errors.email = 'Cette adresse e-mail sert déjà à un autre compte.';
          else errors.username = 'Cet identifiant est déjà pris. Choisissez-en un autre.';
        } else if (error.code === 'VALIDATION_FAILED' && field === 'partnerId') errors.partnerId = 'Choisissez son organisation dans la liste.';
        else throw error;
      }
    }
    const values: UserFormValues = {
      displayName: formText(body, 'displayName').slice(0, 120),
      username: formText(body, 'username').slice(0, 64),
      email: formText(body, 'email').slice(0, 254),
      role,
      partnerId: formText(body, 'partnerId'),
    };
    await this.renderAccounts(page, res, values, errors, null, null, 400);
  }

  /** "Nouveau mot de passe": a temporary one, shown once; the person's sessions end (the API's PATCH with a password). */
  @Post('comptes/:id/acces')
  async resetAccess(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const user = await this.staffUser(id);
    const password = temporaryPassword();
    await this.users.update(user.id, { password }, page.user as AuthUser);
    await this.renderAccounts(page, res, { displayName: '', username: '', email: '', role: '', partnerId: '' }, {}, null, {
      who: user.displayName,
      login: user.username ?? user.email ?? '',
      password,
    });
  }

  @Post('comptes/:id/desactiver')
  async deactivate(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const user = await this.staffUser(id);
    if (user.id === page.user?.id) throw DomainError.notFound('Page');
    await this.users.deactivate(user.id, page.user as AuthUser);
    redirect(res, '/gestion/comptes?fait=desactive');
  }

  @Post('comptes/:id/reactiver')
  async reactivate(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const user = await this.staffUser(id);
    await this.users.update(user.id, { active: true }, page.user as AuthUser);
    redirect(res, '/gestion/comptes?fait=reactive');
  }

  // ---- partners

  @Get('partenaires')
  async partnerList(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    sendPage(res, <PartnersPage page={page} partners={(await this.partners.list(ALL)).items} values={{ name: '', kind: '' }} errors={{}} notice={noticeOf(done)} />);
  }

  @Post('partenaires')
  async createPartner(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const { value, errors } = await readForm(CreatePartnerDto, body, {
      name: 'Écrivez le nom de l’organisation (2 à 160 caractères).',
      kind: 'Choisissez le genre d’organisation.',
    });
    if (Object.keys(errors).length === 0) {
      try {
        await this.partners.create(value);
        return redirect(res, '/gestion/partenaires?fait=partenaire');
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
        errors.name = 'Un partenaire porte déjà ce nom.';
      }
    }
    const values = { name: formText(body, 'name').slice(0, 160), kind: formText(body, 'kind') };
    sendPage(res, <PartnersPage page={page} partners={(await this.partners.list(ALL)).items} values={values} errors={errors} notice={null} />, 400);
  }

  @Post('partenaires/:id/:action')
  async setPartnerActive(@Param('id') id: string, @Param('action') action: string, @Res() res: Response): Promise<void> {
    if (!isUuid(id) || (action !== 'desactiver' && action !== 'reactiver')) throw DomainError.notFound('Partner');
    await this.partners.update(id, { active: action === 'reactiver' });
    redirect(res, '/gestion/partenaires?fait=partenaire_modifie');
  }

  // ---- opening hours and closures

  @Get('horaires')
  async hours(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const hours = await this.openingHours.view();
    await this.renderHours(page, res, gridOf(hours.weekly), {}, { from: '', to: '', reason: '' }, {}, noticeOf(done));
  }

  @Post('horaires')
  async saveWeek(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const grid: Record<string, string> = {};
    const errors: FieldErrors = {};
    const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as TimeRange[]])) as WeeklySchedule;
    for (const day of WEEKDAYS) {
      const ranges: { start: number; end: number; id: string }[] = [];
      for (let i = 0; i < RANGES_PER_DAY; i++) {
        const id = `${day}-${i}`;
        const start = formText(body, `${id}-start`).slice(0, 5);
        const end = formText(body, `${id}-end`).slice(0, 5);
        grid[`${id}-start`] = start;
        grid[`${id}-end`] = end;
        if (!start && !end) continue;
        const [s, e] = [clock(start), clock(end)];
        const where = `${DAY_LABEL[day]}, plage ${i + 1}`;
        if (s === null || e === null || s === 1440) errors[id] = `${where} : écrivez deux heures comme 9:00 et 12:30.`;
        else if (e <= s) errors[id] = `${where} : l’heure de fin doit être après l’heure de début.`;
        else ranges.push({ start: s, end: e, id });
      }
      ranges.sort((a, b) => a.start - b.start);
      for (let i = 1; i < ranges.length; i++) {
        if (ranges[i].start < ranges[i - 1].end) errors[ranges[i].id] = `${DAY_LABEL[day]} : deux plages se chevauchent. Corrigez les heures.`;
      }
      weekly[day] = ranges.map((r) => [hhmm(r.start), hhmm(r.end)]);
    }
    if (Object.keys(errors).length === 0) {
      const current = await this.openingHours.view();
      await this.openingHours.replace({ weekly, closures: current.closures }, (page.user as AuthUser).id);
      return redirect(res, '/gestion/horaires?fait=horaires');
    }
    await this.renderHours(page, res, grid, errors, { from: '', to: '', reason: '' }, {}, null, 400);
  }

  @Post('horaires/fermetures')
  async addClosure(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const closure = { from: formText(body, 'from').slice(0, 10), to: formText(body, 'to').slice(0, 10), reason: formText(body, 'reason').slice(0, 200) };
    const errors: FieldErrors = {};
    if (!DATE.test(closure.from)) errors.from = 'Indiquez le premier jour fermé.';
    if (!DATE.test(closure.to)) errors.to = 'Indiquez le dernier jour fermé (le même jour pour une seule journée).';
    else if (!errors.from && closure.to < closure.from) errors.to = 'Le dernier jour doit être le même que le premier, ou après.';
    if (!closure.reason) errors.reason = 'Dites pourquoi le fablab est fermé : les formateurs le verront.';
    if (Object.keys(errors).length === 0) {
      const current = await this.openingHours.view();
      try {
        await this.openingHours.replace({ weekly: current.weekly, closures: [...current.closures, closure] }, (page.user as AuthUser).id);
        return redirect(res, '/gestion/horaires?fait=fermeture');
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
        errors.from = 'Ces dates ne sont pas valables. Vérifiez-les.';
      }
    }
    const hours = await this.openingHours.view();
    await this.renderHours(page, res, gridOf(hours.weekly), {}, closure, errors, null, 400);
  }

  /** Removes a closure: its place in the list and its first day, so a list changed meanwhile removes nothing else. */
  @Post('horaires/fermetures/:index/supprimer')
  async removeClosure(@Page() page: PageContext, @Param('index') indexText: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const current = await this.openingHours.view();
    const index = /^\d{1,3}$/.test(indexText) ? Number(indexText) : -1;
    if (current.closures[index]?.from !== formText(body, 'from')) throw DomainError.notFound('Closure');
    await this.openingHours.replace({ weekly: current.weekly, closures: current.closures.filter((_, i) => i !== index) }, (page.user as AuthUser).id);
    redirect(res, '/gestion/horaires?fait=fermeture_supprimee');
  }

  // ---- yearly targets

  @Get('objectifs')
  async targets(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    sendPage(res, <TargetsPage page={page} years={await this.years()} errors={{}} values={{}} notice={noticeOf(done)} />);
  }

  @Post('objectifs/:year')
  async setTarget(@Page() page: PageContext, @Param('year') yearText: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const years = await this.years();
    const year = Number(yearText);
    if (!years.some((y) => y.year === year)) throw DomainError.notFound('Page');
    const field = `target-${year}`;
    const text = formText(body, field);
    const { value, errors: found } = await readForm(SetTargetDto, {}, { target: '' }, { target: readNumber(text) });
    if (Object.keys(found).length === 0) {
      await this.stats.setTarget(year, value.target, (page.user as AuthUser).id);
      return redirect(res, '/gestion/objectifs?fait=objectif');
    }
    const errors = { [field]: `Écrivez un nombre entier de jeunes, entre 1 et 100 000, pour ${year}.` };
    sendPage(res, <TargetsPage page={page} years={years} errors={errors} values={{ [field]: text.slice(0, 12) }} notice={null} />, 400);
  }

  private async years(): Promise<{ year: number; target: number }[]> {
    const current = this.stats.currentYear();
    return Promise.all([current - 1, current, current + 1].map(async (year) => ({ year, target: await this.stats.targetFor(year) })));
  }

  /** A staff account by its id in the address; learners' accounts are handled from their page. */
  private async staffUser(id: string): Promise<User> {
    if (!isUuid(id)) throw DomainError.notFound('User');
    const user = await this.users.get(id);
    if (user.role === 'learner') throw DomainError.notFound('User');
    return user;
  }

  private async renderAccounts(
    page: PageContext,
    res: Response,
    values: UserFormValues,
    errors: FieldErrors,
    notice: string | null,
    issued: { who: string; login: string; password: string } | null,
    status = 200,
  ): Promise<void> {
    const [lists, partners] = await Promise.all([Promise.all(STAFF_ROLES.map((role) => this.users.list({ ...ALL, role } as never))), this.partners.list(ALL)]);
    const users = lists.flatMap((l) => l.items).sort((a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName, 'fr'));
    sendPage(res, <UsersPage page={page} users={users} partners={partners.items} values={values} errors={errors} notice={notice} issued={issued} dates={this.dates} />, status);
  }

  private async renderHours(
    page: PageContext,
    res: Response,
    grid: Record<string, string>,
    errors: FieldErrors,
    closure: { from: string; to: string; reason: string },
    closureErrors: FieldErrors,
    notice: string | null,
    status = 200,
  ): Promise<void> {
    const hours = await this.openingHours.view();
    sendPage(res, <OpeningHoursPage page={page} hours={hours} grid={grid} closure={closure} errors={errors} closureErrors={closureErrors} notice={notice} dates={this.dates} />, status);
  }
}

/** "9:00", "09:00", "9h", "9 h 30" → minutes; null when it is not a time. */
function clock(text: string): number | null {
  const match = /^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?$/.exec(text.trim());
  if (!match) return null;
  return minutesOf(`${match[1].padStart(2, '0')}:${match[2] ?? '00'}`);
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The form's fields for a weekly schedule. */
function gridOf(weekly: WeeklySchedule): Record<string, string> {
  const grid: Record<string, string> = {};
  for (const day of WEEKDAYS) {
    (weekly[day] ?? []).forEach(([start, end], i) => {
      grid[`${day}-${i}-start`] = start.replace(/^0(\d)/, '$1');
      grid[`${day}-${i}-end`] = end.replace(/^0(\d)/, '$1');
    });
  }
  return grid;
}
