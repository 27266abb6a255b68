import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Not } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { isUniqueViolation } from '../common/errors/database-errors.js';
import { DomainError } from '../common/errors/domain-error.js';
import { type Page, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { PartnersService } from '../partners/partners.service.js';
import { UsersService } from '../users/users.service.js';
import type { CreateParticipantDto } from './dto/create-participant.dto.js';
import type { ListParticipantsQuery } from './dto/list-participants.query.js';
import type { UpdateParticipantDto } from './dto/update-participant.dto.js';
import { toEnrollmentSummary, type EnrollmentView } from './enrollment-view.js';
import { EnrollmentViewsService } from './enrollment-views.service.js';
import { Enrollment } from './enrollment.entity.js';
import { identityKey, nameKey, searchTerms } from './name-key.js';
import { ParticipantAccess } from './participant-access.service.js';
import { assertParentalConsent } from './participant-rules.js';
import { type ParticipantView, toParticipantView } from './participant-view.js';
import type { ParticipantDetail, ParticipantListItem } from './participant-detail-view.js';
import { Participant } from './participant.entity.js';

// Other features (the web app) name these types from here.
export type { ParticipantDetail, ParticipantListItem } from './participant-detail-view.js';

/** A participant's enrolments (`:participantId`), newest first: `enrollments` rows, read by `enrollmentViews`. */
export const PARTICIPANT_ENROLLMENTS_SQL = `SELECT e.* FROM enrollments e
  WHERE e.participant_id = :participantId
  ORDER BY e.enrolled_at DESC, e.id ASC`;

/** The step states of a participant's enrolments (`:participantId`), with their validators' names, read by `enrollmentViews`. */
export const PARTICIPANT_ENROLLMENT_STEPS_SQL = `SELECT s.*, u.display_name AS validator_display_name
  FROM enrollment_steps s JOIN enrollments e ON e.id = s.enrollment_id
  LEFT JOIN users u ON u.id = s.validated_by_user_id
  WHERE e.participant_id = :participantId`;

/** Fields that may be cleared with null in a PATCH; the others may not. */
const CLEARABLE = new Set(['postcode', 'referredByPartnerId', 'contact', 'guardian']);

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    private readonly access: ParticipantAccess,
    private readonly views: EnrollmentViewsService,
    private readonly learningPaths: LearningPathsService,
    private readonly partners: PartnersService,
    private readonly users: UsersService,
    private readonly raw: RawReader,
    private readonly clock: Clock,
  ) {}

  private get participants() {
    return this.tx.manager.getRepository(Participant);
  }

  async create(dto: CreateParticipantDto, actor: AuthUser): Promise<ParticipantDetail> {
    const participant = this.participants.create({ erasedAt: null });
    this.apply(participant, dto);
    await this.persist(participant);
    return this.detail(participant.id, actor);
  }

  async list(query: ListParticipantsQuery, user: AuthUser): Promise<Page<ParticipantListItem>> {
    const qb = this.participants.createQueryBuilder('p');
    this.access.scope(qb, 'p', user);
    searchTerms(query.search ?? '').forEach((term, i) => {
      qb.andWhere(`p.nameKey LIKE :term${i}`, { [`term${i}`]: `%${term}%` });
    });
    if (query.audience) qb.andWhere('p.audience = :audience', { audience: query.audience });
    if (query.partnerId) qb.andWhere('p.referredByPartnerId = :partnerId', { partnerId: query.partnerId });
    if (query.pathCode || query.status) {
      const enrolled = qb.subQuery().select('1').from(Enrollment, 'e').where('e.participantId = p.id');
      if (query.pathCode) {
        const path = await this.learningPaths.findByCode(query.pathCode);
        if (!path) return page([], 0, query);
        enrolled.andWhere('e.pathId = :pathId', { pathId: path.id });
      }
      if (query.status) enrolled.andWhere('e.status = :status', { status: query.status });
      qb.andWhere(`EXISTS ${enrolled.getQuery()}`);
    }
    const [participants, total] = await qb
      .orderBy('p.nameKey', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    const enrollments = await this.enrollmentsOf(participants.map((p) => p.id));
    const items = participants.map((p) => ({
      ...contactFor(user, toParticipantView(p)),
      enrollments: (enrollments.get(p.id) ?? []).map(toEnrollmentSummary),
    }));
    return page(items, total, query);
  }

  /** The participant with their enrolments (progress included) and account, if visible. */
  async detail(id: string, user: AuthUser): Promise<ParticipantDetail> {
    const participant = await this.access.visible(id, user);
    const [enrollments, account] = await Promise.all([
      this.enrollmentsOf([id]),
      this.users.findLearnerAccount(id),
    ]);
    return {
      ...contactFor(user, toParticipantView(participant)),
      enrollments: enrollments.get(id) ?? [],
      account: account
        ? { userId: account.user.id, username: account.user.username, activated: account.activated, active: account.user.active }
        : null,
    };
  }

  async update(id: string, dto: UpdateParticipantDto, actor: AuthUser): Promise<ParticipantDetail> {
    const nulls = Object.entries(dto)
      .filter(([key, value]) => value === null && !CLEARABLE.has(key))
      .map(([key]) => ({ field: key, message: `${key} cannot be null` }));
    if (nulls.length > 0) throw DomainError.validation(nulls);
    const participant = await this.access.visible(id, actor);
    this.apply(participant, dto);
    await this.persist(participant);
    return this.detail(id, actor);
  }

  /** Enrolment views by participant, newest first. */
  async enrollmentsOf(participantIds: string[]): Promise<Map<string, EnrollmentView[]>> {
    const result = new Map<string, EnrollmentView[]>();
    if (participantIds.length === 0) return result;
    const rows = await this.raw.rows(
      `SELECT e.* FROM enrollments e
        WHERE e.participant_id IN (:...participantIds)
        ORDER BY e.enrolled_at DESC, e.id ASC`,
      { participantIds: [...new Set(participantIds)] },
    );
    const enrollments = rows.map((row) => this.raw.hydrate(Enrollment, row));
    for (const view of await this.views.build(enrollments)) {
      const list = result.get(view.participantId) ?? [];
      list.push(view);
      result.set(view.participantId, list);
    }
    return result;
  }

  /**
   * One participant's enrolment views, newest first, from rows already read with
   * PARTICIPANT_ENROLLMENTS_SQL and PARTICIPANT_ENROLLMENT_STEPS_SQL (the learner dashboard reads
   * them with its other parts, in one statement on PostgreSQL).
   */
  async enrollmentViews(enrollmentRows: RawRow[], stepRows: RawRow[]): Promise<EnrollmentView[]> {
    const enrollments = enrollmentRows.map((row) => this.raw.hydrate(Enrollment, row));
    return this.views.fromStepRows(enrollments, stepRows);
  }

  /**
   * "First Last" of those of `ids` the caller may see (ParticipantAccess.scope), by id: what a
   * page naming a booking's attendees needs, without their enrolments. Someone out of scope is
   * simply missing.
   */
  async namesOf(ids: string[], user: AuthUser): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const qb = this.participants
      .createQueryBuilder('p')
      .select(['p.id', 'p.firstName', 'p.lastName'])
      .where('p.id IN (:...nameIds)', { nameIds: [...new Set(ids)] });
    const rows = await this.access.scope(qb, 'p', user).getMany();
    return new Map(rows.map((p) => [p.id, `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim()]));
  }

  /** Copies the given fields of a body (creation or PATCH) onto the entity. */
  private apply(p: Participant, dto: UpdateParticipantDto): void {
    if (dto.firstName !== undefined) p.firstName = dto.firstName;
    if (dto.lastName !== undefined) p.lastName = dto.lastName;
    if (dto.birthYear !== undefined) p.birthYear = dto.birthYear;
    if (dto.gender !== undefined) p.gender = dto.gender;
    if (dto.audience !== undefined) p.audience = dto.audience;
    if (dto.livesInQpv !== undefined) p.livesInQpv = dto.livesInQpv;
    if (dto.postcode !== undefined) p.postcode = dto.postcode ?? null;
    if (dto.referredByPartnerId !== undefined) p.referredByPartnerId = dto.referredByPartnerId ?? null;
    if (dto.contact !== undefined) {
      p.contactEmail = dto.contact?.email ?? null;
      p.contactPhone = dto.contact?.phone ?? null;
    }
    if (dto.guardian !== undefined) {
      p.guardianName = dto.guardian?.name ?? null;
      p.guardianPhone = dto.guardian?.phone ?? null;
      p.guardianEmail = dto.guardian?.email ?? null;
    }
    if (dto.consent !== undefined) {
      p.consentDataProcessing = dto.consent.dataProcessing;
      p.consentParental = dto.consent.parentalConsent ?? null;
      p.consentImageRights = dto.consent.imageRights ?? null;
    }
    p.nameKey = nameKey(p.firstName ?? '', p.lastName ?? '');
    p.identityKey = identityKey(p.firstName ?? '', p.lastName ?? '', p.birthYear);
  }

  /** The rules of the contract, in order: 400, then 422 parental consent, then 409 duplicate. */
  private async check(p: Participant): Promise<void> {
    const year = DateTime.fromJSDate(this.clock.now(), { zone: this.config.timezone }).year;
    if (p.birthYear > year) {
      throw DomainError.validation([{ field: 'birthYear', message: 'birthYear must not be after the current year' }]);
    }
    if (p.referredByPartnerId && !(await this.partners.exists(p.referredByPartnerId))) {
      throw DomainError.validation([{ field: 'referredByPartnerId', message: 'no partner has this id' }]);
    }
    assertParentalConsent(p, year);
    await this.assertNotDuplicate(p);
  }

  /**
   * The participant already registered with these names and birth year (the rule behind
   * PARTICIPANT_EXISTS), if any: a form can offer them before anything is written.
   */
  async findSameIdentity(firstName: string, lastName: string, birthYear: number): Promise<string | null> {
    const existing = await this.participants.findOne({ select: { id: true }, where: { identityKey: identityKey(firstName, lastName, birthYear) } });
    return existing?.id ?? null;
  }

  private async assertNotDuplicate(p: Participant): Promise<void> {
    const existing = await this.participants.findOne({
      select: { id: true },
      where: { identityKey: p.identityKey ?? '', id: Not(p.id) },
    });
    if (existing) {
      throw new DomainError(
        'PARTICIPANT_EXISTS',
        'A participant with the same first name, last name and birth year already exists',
        { id: existing.id },
      );
    }
  }

  /**
   * Checks and saves in one transaction (which, on SQLite, also keeps the write out of any
   * concurrent transaction). A duplicate created concurrently hits the unique index: it is
   * looked up once that transaction is over, and reported as PARTICIPANT_EXISTS.
   */
  private async persist(p: Participant): Promise<void> {
    try {
      await this.tx.run(async () => {
        await this.check(p);
        await this.tx.manager.getRepository(Participant).save(p);
      });
    } catch (error) {
      if (isUniqueViolation(error)) await this.assertNotDuplicate(p);
      throw error;
    }
  }
}

/**
 * How to reach a young person (their contact, their guardian's) is for the fablab's team and the
 * trainers of the partner that referred them; a trainer who sees them because they came to one of
 * their sessions gets the rest of the record without it.
 */
function contactFor<T extends Pick<ParticipantView, 'referredByPartnerId' | 'contact' | 'guardian'>>(user: AuthUser, view: T): T {
  if (user.role !== 'trainer' || (user.partnerId !== null && view.referredByPartnerId === user.partnerId)) return view;
  return { ...view, contact: null, guardian: null };
}
