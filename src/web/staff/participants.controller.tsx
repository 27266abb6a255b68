import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { MACHINE_CATEGORIES } from '../../common/machine-category.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import { ListBookingsQuery } from '../../bookings/dto/list-bookings.query.js';
import { MachinesService } from '../../machines/machines.service.js';
import { GrantQualificationDto } from '../../participants/dto/grant-qualification.dto.js';
import { RecordOutcomeDto } from '../../participants/dto/record-outcome.dto.js';
import { RevokeQualificationDto } from '../../participants/dto/revoke-qualification.dto.js';
import { ParticipantErasureService } from '../../participants/participant-erasure.service.js';
import { ParticipantExportService } from '../../gdpr/participant-export.service.js';
import { ParticipantTimelineService } from '../../participants/participant-timeline.service.js';
import { QualificationsService } from '../../participants/qualifications.service.js';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import QRCode from 'qrcode';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/time/clock.service.js';
import { LearningPathsService } from '../../learning-paths/learning-paths.service.js';
import { activationUrlFor } from '../../participants/activation-url.js';
import { AUDIENCES } from '../../participants/audience.js';
import { ListParticipantsQuery } from '../../participants/dto/list-participants.query.js';
import { ENROLLMENT_STATUSES } from '../../participants/enrollment-status.js';
import { EnrollmentsService } from '../../participants/enrollments.service.js';
import { LearnerAccountsService } from '../../participants/learner-accounts.service.js';
import { ParticipantsService } from '../../participants/participants.service.js';
import { PartnersService } from '../../partners/partners.service.js';
import type { Choice, FieldErrors } from '../shell/components.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { formText, readForm } from '../shell/forms.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext, WebRequest } from '../shell/web-request.js';
import { addGuardianErrors, EMPTY_PARTICIPANT_FORM, inFormOrder, type ParticipantFormValues, participantFormValues, readParticipantForm } from './participant-form.js';
import { type Duplicate, NewParticipantPage, type ParticipantFilters, ParticipantsPage } from './participants.pages.js';
import { ErasurePage, ParticipantPage, type PersonPageData, type PersonPageForm } from './participant.page.js';
import { AccessPage } from './staff.pages.js';
import { EvidencePhotosService } from '../../evidence/evidence-photos.service.js';
import type { EvidencePhotoView } from '../../evidence/evidence-photo-view.js';
import { noticeFrom } from '../shell/notices.js';

const PAGE_SIZE = 25;

const DONE: Record<string, string> = {
  inscrit: 'C’est inscrit. Donnez-lui maintenant l’accès à son espace : il scanne le QR code avec son téléphone.',
  parcours: 'Le parcours est commencé.',
  etape: 'L’étape est validée. Le jeune la voit dans son parcours.',
  suite: 'La suite du parcours est notée.',
  habilite: 'L’habilitation est donnée, pour 24 mois.',
  retire: 'L’habilitation est retirée.',
  ferme: 'Ce compte est fermé : il ne peut pas recevoir de nouveau code.',
  efface: 'La personne est effacée. Ses chiffres restent comptés, sans nom.',
};

/**
 * The participants in the staff's space: enrol a young person, find them (search and filters in
 * the address), their page, "Donner l'accès". The same services as the API, with the caller:
 * a trainer sees only the young people the API lets them see ("Mes jeunes"), and another
 * partner's young person is "Page introuvable".
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('equipe/participants')
export class ParticipantsPagesController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly enrollments: EnrollmentsService,
    private readonly accounts: LearnerAccountsService,
    private readonly paths: LearningPathsService,
    private readonly partners: PartnersService,
    private readonly qualifications: QualificationsService,
    private readonly timelines: ParticipantTimelineService,
    private readonly exports: ParticipantExportService,
    private readonly erasure: ParticipantErasureService,
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly photos: EvidencePhotosService,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Page() page: PageContext, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const text = (key: string, max = 100) => (typeof query[key] === 'string' ? (query[key] as string).trim().slice(0, max) : '');
    const filters: ParticipantFilters = { q: text('q'), public: text('public'), parcours: text('parcours'), statut: text('statut'), partenaire: text('partenaire') };
    const user = page.user as AuthUser;
    if (user.role === 'trainer') filters.partenaire = '';
    const [paths, partners] = await Promise.all([this.pathChoices(false), this.partnerChoices()]);
    const errors: FieldErrors = {};
    if (filters.public && !(AUDIENCES as readonly string[]).includes(filters.public)) errors.public = 'Choisissez un public de la liste.';
    if (filters.parcours && !paths.some((p) => p.value === filters.parcours)) errors.parcours = 'Choisissez un parcours de la liste.';
    if (filters.statut && !(ENROLLMENT_STATUSES as readonly string[]).includes(filters.statut)) errors.statut = 'Choisissez un statut de la liste.';
    if (filters.partenaire && !partners.some((p) => p.value === filters.partenaire)) errors.partenaire = 'Choisissez une structure de la liste.';
    for (const key of Object.keys(errors)) filters[key as keyof ParticipantFilters] = '';
    const number = Math.min(Math.max(1, Number.parseInt(text('page', 6) || '1', 10) || 1), 10_000);
    const listQuery = Object.assign(new ListParticipantsQuery(), {
      search: filters.q || undefined,
      audience: filters.public || undefined,
      pathCode: filters.parcours || undefined,
      status: filters.statut || undefined,
      partnerId: filters.partenaire || undefined,
      limit: PAGE_SIZE,
      offset: (number - 1) * PAGE_SIZE,
    });
    const result = await this.participants.list(listQuery, user);
    const notice = query.fait === 'efface' ? DONE.efface : null;
    sendPage(
      res,
      <ParticipantsPage
        page={page}
        items={result.items}
        total={result.total}
        filters={filters}
        errors={errors}
        number={number}
        pageSize={PAGE_SIZE}
        paths={paths}
        partners={partners}
        partnerNames={new Map(partners.map((p) => [p.value, p.label]))}
        notice={notice}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  @Get('nouveau')
  @ForRoles('facilitator', 'admin')
  async newForm(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    await this.renderNew(page, res, EMPTY_PARTICIPANT_FORM, {}, null);
  }

  /**
   * Enrols: the person (POST /api/participants's rules), then the path chosen. A person with the
   * same names and birth year is offered, not created again (PARTICIPANT_EXISTS).
   */
  @Post('nouveau')
  @ForRoles('facilitator', 'admin')
  async create(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    const values = participantFormValues(body);
    const year = DateTime.fromJSDate(this.clock.now(), { zone: this.dates.zone }).year;
    const { dto, errors } = await readParticipantForm(values, year);
    const paths = await this.pathChoices(true);
    if (values.pathCode && !paths.some((p) => p.value === values.pathCode)) errors.pathCode = 'Choisissez un parcours de la liste, ou « Pas maintenant ».';
    // The person may be here already: said as soon as the names and the year are there, even
    // while other answers are missing (nothing is written then).
    if (!errors.firstName && !errors.lastName && !errors.birthYear) {
      const existingId = await this.participants.findSameIdentity(dto.firstName, dto.lastName, dto.birthYear);
      if (existingId) return this.renderNew(page, res, values, errors, await this.duplicate(existingId, user), 409);
    }
    if (Object.keys(errors).length > 0) return this.renderNew(page, res, values, errors, null, 400);
    let id: string;
    try {
      id = (await this.participants.create(dto, user)).id;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'PARTICIPANT_EXISTS') {
        return this.renderNew(page, res, values, {}, await this.duplicate((error.details as { id: string }).id, user), 409);
      }
      const refused: FieldErrors = {};
      if (error.code === 'PARENTAL_CONSENT_REQUIRED') addGuardianErrors(values, refused);
      else if (error.code === 'VALIDATION_FAILED') {
        for (const { field } of (error.details as { field: string }[] | undefined) ?? []) {
          if (field === 'referredByPartnerId') refused.referredByPartnerId = 'Cette structure n’existe plus. Choisissez-en une dans la liste.';
          else if (field === 'birthYear') refused.birthYear = `L’année de naissance ne peut pas être après ${year}.`;
        }
      }
      if (Object.keys(refused).length === 0) throw error;
      return this.renderNew(page, res, values, refused, null, 422);
    }
    if (values.pathCode) await this.enrollments.enrol(id, { pathCode: values.pathCode }, user);
    redirect(res, `/equipe/participants/${id}?fait=inscrit`);
  }

  @Get(':id')
  async show(@Page() page: PageContext, @Param('id') id: string, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const notice = noticeFrom(DONE, done);
    await this.renderPerson(page, res, id, notice, { errors: {}, values: {} }, 200, done === 'inscrit');
  }

  /** Starts a path (POST /api/participants/:id/enrollments). */
  @Post(':id/parcours')
  @ForRoles('facilitator', 'admin')
  async enrol(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const user = page.user as AuthUser;
    await this.participants.detail(id, user);
    const pathCode = formText(body, 'pathCode').slice(0, 32);
    const paths = await this.pathChoices(false);
    let error: string | null = paths.some((p) => p.value === pathCode) ? null : 'Choisissez un parcours de la liste.';
    if (!error) {
      try {
        await this.enrollments.enrol(id, { pathCode }, user);
        return redirect(res, `/equipe/participants/${id}?fait=parcours#parcours`);
      } catch (caught) {
        if (!(caught instanceof DomainError)) throw caught;
        if (caught.code === 'ALREADY_ENROLLED') error = 'Ce parcours est déjà en cours (ou en pause) pour cette personne.';
        else if (caught.code === 'PREREQUISITE_NOT_MET') error = 'Ce parcours demande d’avoir d’abord terminé un autre parcours.';
        else throw caught;
      }
    }
    await this.renderPerson(page, res, id, null, { errors: { pathCode: error as string }, values: { pathCode } }, 422);
  }

  /** What the young person does after a finished or stopped path (POST /api/enrollments/:id/outcome; trainers too). */
  @Post(':id/parcours/:enrollmentId/suite')
  async outcome(@Page() page: PageContext, @Param('id') id: string, @Param('enrollmentId') enrollmentId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id) || !isUuid(enrollmentId)) throw DomainError.notFound('Participant');
    const user = page.user as AuthUser;
    const person = await this.participants.detail(id, user);
    if (!person.enrollments.some((e) => e.id === enrollmentId)) throw DomainError.notFound('Enrollment');
    const fields = { outcome: `outcome-${enrollmentId}`, note: `outcomeNote-${enrollmentId}` };
    const { value, errors } = await readForm(RecordOutcomeDto, body, {
      outcome: 'Choisissez ce que fait la personne après le parcours.',
      note: 'La précision fait 2000 caractères au plus.',
    });
    const shown: FieldErrors = {};
    if (errors.outcome) shown[fields.outcome] = errors.outcome;
    if (errors.note) shown[fields.note] = errors.note;
    if (Object.keys(shown).length === 0) {
      try {
        await this.enrollments.recordOutcome(enrollmentId, value, user);
        return redirect(res, `/equipe/participants/${id}?fait=suite#parcours-${enrollmentId}`);
      } catch (caught) {
        if (!(caught instanceof DomainError) || caught.code !== 'INVALID_TRANSITION') throw caught;
        shown[fields.outcome] = 'La suite se note une fois le parcours terminé ou arrêté.';
      }
    }
    const values = { [fields.outcome]: formText(body, 'outcome').slice(0, 40), [fields.note]: formText(body, 'note').slice(0, 2000) };
    await this.renderPerson(page, res, id, null, { errors: shown, values }, 400);
  }

  /** A direct grant (POST /api/participants/:id/qualifications). */
  @Post(':id/habilitations')
  @ForRoles('facilitator', 'admin')
  async grant(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const user = page.user as AuthUser;
    const { value, errors } = await readForm(GrantQualificationDto, body, { category: 'Choisissez une machine de la liste.' });
    if (Object.keys(errors).length === 0) {
      await this.qualifications.grant(id, value, user);
      return redirect(res, `/equipe/participants/${id}?fait=habilite#habilitations`);
    }
    const category = formText(body, 'category');
    await this.renderPerson(page, res, id, null, { errors, values: { category: (MACHINE_CATEGORIES as readonly string[]).includes(category) ? category : '' } }, 400);
  }

  /** Revokes with a reason (POST /api/participants/:id/qualifications/:qualificationId/revoke). */
  @Post(':id/habilitations/:qualificationId/retrait')
  @ForRoles('facilitator', 'admin')
  async revoke(@Page() page: PageContext, @Param('id') id: string, @Param('qualificationId') qualificationId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id) || !isUuid(qualificationId)) throw DomainError.notFound('Qualification');
    const user = page.user as AuthUser;
    const { value, errors } = await readForm(RevokeQualificationDto, body, { reason: 'Dites en quelques mots pourquoi (3 à 500 caractères).' });
    if (!errors.reason) {
      await this.qualifications.revoke(id, qualificationId, user, value.reason);
      return redirect(res, `/equipe/participants/${id}?fait=retire#habilitations`);
    }
    await this.participants.detail(id, user);
    const field = `reason-${qualificationId}`;
    await this.renderPerson(page, res, id, null, { errors: { [field]: errors.reason }, values: { [field]: formText(body, 'reason').slice(0, 500) } }, 400);
  }

  /** The GDPR export as a file: the same document as GET /api/participants/:id/export. */
  @Get(':id/donnees')
  @ForRoles('facilitator', 'admin')
  async export(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const data = await this.exports.export(id, page.user as AuthUser);
    res
      .status(200)
      .type('application/json')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', `attachment; filename="participant-${id}.json"`)
      .send(JSON.stringify(data, null, 2));
  }

  /** Erasure, for the manager: first what goes and what stays. */
  @Get(':id/effacer')
  @ForRoles('admin')
  async confirmErasure(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const person = await this.participants.detail(id, page.user as AuthUser);
    sendPage(res, <ErasurePage page={page} person={person} error={null} />);
  }

  /** DELETE /api/participants/:id, once the box is ticked. */
  @Post(':id/effacer')
  @ForRoles('admin')
  async erase(@Page() page: PageContext, @Param('id') id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const user = page.user as AuthUser;
    if (formText(body, 'confirm') !== 'on') {
      const person = await this.participants.detail(id, user);
      return sendPage(res, <ErasurePage page={page} person={person} error="Cochez la case pour confirmer : rien n’a été effacé." />, 400);
    }
    await this.erasure.erase(id, user);
    redirect(res, '/equipe/participants?fait=efface');
  }

  /** "Donner l'accès": a new one-time code (replacing any earlier one), shown once as a QR code. */
  @Post(':id/acces')
  @ForRoles('facilitator', 'admin')
  async giveAccess(@Page() page: PageContext, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const user = page.user as AuthUser;
    try {
      const issued = await this.accounts.issue(id, user);
      const url = activationUrlFor(req, issued.activationCode);
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      const detail = await this.participants.detail(id, user);
      sendPage(res, <AccessPage page={page} person={detail} code={issued.activationCode} url={url} qrSvg={svg} expiresAt={issued.expiresAt} dates={this.dates} />);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') return redirect(res, `/equipe/participants/${id}?fait=ferme`);
      throw error;
    }
  }

  private async duplicate(id: string, user: AuthUser): Promise<Duplicate> {
    const existing = await this.participants.detail(id, user);
    return { id: existing.id, name: `${existing.firstName} ${existing.lastName}`, birthYear: existing.birthYear };
  }

  private async renderPerson(page: PageContext, res: Response, id: string, notice: string | null, form: PersonPageForm, status = 200, justEnrolled = false): Promise<void> {
    const user = page.user as AuthUser;
    const person = await this.participants.detail(id, user); // scoped as the API scopes it: 404 otherwise
    const now = this.clock.now();
    const bookingQuery = (extra: Partial<ListBookingsQuery>) => Object.assign(new ListBookingsQuery(), { participantId: id, limit: 200, offset: 0, ...extra });
    const [timeline, qualifications, coming, past, partners, paths, photos] = await Promise.all([
      this.timelines.timeline(id, user),
      this.qualifications.list(id, user),
      this.bookings.list(bookingQuery({ from: now.toISOString(), limit: 10 }), user),
      this.bookings.list(bookingQuery({ to: now.toISOString() }), user),
      this.partnerChoices(),
      this.pathChoices(false),
      this.photos.forParticipant(id, user),
    ]);
    const pastItems = past.items.filter((b) => new Date(b.endsAt) <= now).slice(-10).reverse();
    const machineNames = new Map((await this.machines.findMany([...new Set([...coming.items, ...pastItems].map((b) => b.machineId))])).map((m) => [m.id, m.name]));
    const named = <T extends { machineId: string }>(b: T) => ({ ...b, machineName: machineNames.get(b.machineId) ?? 'Machine' });
    const open = new Set(person.enrollments.filter((e) => e.status === 'active' || e.status === 'paused').map((e) => e.path.code));
    const graduate = person.enrollments.some((e) => e.status === 'completed');
    const startable = new Set((await this.pathChoices(true)).map((p) => p.value));
    const data: PersonPageData = {
      person,
      timeline,
      photosByEvent: photosByEvent(timeline, photos),
      qualifications,
      coming: coming.items.map(named),
      past: pastItems.map(named),
      partnerName: person.referredByPartnerId ? (partners.find((p) => p.value === person.referredByPartnerId)?.label ?? null) : null,
      pathsToStart: paths.filter((p) => !open.has(p.value) && (graduate || startable.has(p.value))),
      year: DateTime.fromJSDate(now, { zone: this.dates.zone }).year,
    };
    sendPage(res, <ParticipantPage page={page} data={data} dates={this.dates} notice={notice} form={form} justEnrolled={justEnrolled} />, status);
  }

  private async renderNew(page: PageContext, res: Response, values: ParticipantFormValues, errors: FieldErrors, duplicate: Duplicate | null, status = 200): Promise<void> {
    const [partners, paths] = await Promise.all([this.partnerChoices(true), this.pathChoices(true)]);
    const year = DateTime.fromJSDate(this.clock.now(), { zone: this.dates.zone }).year;
    sendPage(res, <NewParticipantPage page={page} values={values} errors={inFormOrder(errors)} duplicate={duplicate} partners={partners} paths={paths} year={year} />, status);
  }

  /** The paths offered; `toStart`: only those a newcomer may start (no prerequisite). */
  private async pathChoices(toStart: boolean): Promise<Choice[]> {
    const paths = await this.paths.list({ limit: 100, offset: 0 } as never);
    return paths.items
      .filter((path) => !toStart || !path.requiresCompletedPath)
      .map((path) => ({ value: path.code, label: path.title, hint: toStart ? path.description.split(/\s:\s|(?<=\.)\s/)[0] : undefined }));
  }

  /** Partner organisations (`activeOnly`: those still sending young people), by name. */
  private async partnerChoices(activeOnly = false): Promise<Choice[]> {
    const partners = await this.partners.list({ limit: 200, offset: 0 } as never);
    return partners.items.filter((p) => !activeOnly || p.active).map((p) => ({ value: p.id, label: p.name }));
  }
}

/**
 * Each step photo shown with the event it belongs to: the latest event of its step recorded
 * before it was added (a minute's leeway: the web form validates, then attaches), else the
 * step's first event after it.
 */
function photosByEvent(timeline: PersonPageData['timeline'], photos: EvidencePhotoView[]): Map<string, EvidencePhotoView[]> {
  const result = new Map<string, EvidencePhotoView[]>();
  for (const photo of photos) {
    const sameStep = timeline.filter((e) => e.enrollmentId === photo.enrollmentId && e.stepId === photo.stepId);
    if (sameStep.length === 0) continue;
    const at = new Date(photo.createdAt).getTime() + 60_000;
    const before = sameStep.filter((e) => new Date(e.recordedAt).getTime() <= at);
    const event = before.length > 0 ? before.reduce((a, b) => (new Date(b.recordedAt) >= new Date(a.recordedAt) ? b : a)) : sameStep[0];
    result.set(event.id, [...(result.get(event.id) ?? []), photo]);
  }
  return result;
}
