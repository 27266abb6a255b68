import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { IsNull, type ObjectLiteral } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { MachineCategory } from '../common/machine-category.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { RawReader, type RawRow } from '../database/raw-reader.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { backDatedInstant } from './back-dating.js';
import type { GrantQualificationDto } from './dto/grant-qualification.dto.js';
import { ParticipantAccess } from './participant-access.service.js';
import { Participant } from './participant.entity.js';
import { QUALIFICATION_VALIDITY_MONTHS } from './qualification-source.js';
import { toQualificationView, type QualificationView } from './qualification-view.js';
import { Qualification } from './qualification.entity.js';

/** A qualification (alias `q`) valid at `:at`: the conditions of validQuery on time. */
const VALID_AT = 'q.granted_at <= :at AND q.expires_at > :at AND (q.revoked_at IS NULL OR q.revoked_at > :at)';

/** A qualification of `:participantId` valid at `:at` (alias `q`): the conditions of validQuery. */
const VALID_AT_CONDITIONS = `q.participant_id = :participantId AND ${VALID_AT}`;

/**
 * PostgreSQL: those of the participants `:ids` (an array) who hold a qualification valid at `:at`
 * for the category of the machine `:machineId` (column `participant_id`) — `unqualified`'s
 * question as a statement of its own, which a new booking sends with the lock of its machine
 * (QualificationsService.qualifiedForMachine). One text whatever the number of attendees: one
 * prepared statement.
 */
const QUALIFIED_FOR_MACHINE_SQL = `SELECT DISTINCT q.participant_id FROM qualifications q
  JOIN participants p ON p.id = q.participant_id AND p.erased_at IS NULL
  WHERE q.participant_id = ANY(CAST(:ids AS varchar[]))
    AND q.category = (SELECT m.category FROM machines m WHERE m.id = :machineId)
    AND ${VALID_AT}`;

/**
 * The qualifications of `:participantId` valid at `:at`, newest first, whoever they are (the
 * caller checks the participant is not erased): rows for `viewsAt`.
 */
export const VALID_QUALIFICATIONS_SQL = `SELECT q.* FROM qualifications q
  WHERE ${VALID_AT_CONDITIONS}
  ORDER BY q.granted_at DESC, q.id ASC`;

/**
 * Qualifications per machine category. History is never deleted: a revocation sets revokedAt.
 * `isQualified` / `unqualified` are what bookings ask before letting someone use a machine.
 */
@Injectable()
export class QualificationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    private readonly access: ParticipantAccess,
    private readonly raw: RawReader,
    private readonly clock: Clock,
  ) {}

  private get qualifications() {
    return this.tx.manager.getRepository(Qualification);
  }

  /** Whole history, newest first. */
  async list(participantId: string, user: AuthUser): Promise<QualificationView[]> {
    await this.access.visible(participantId, user);
    const rows = await this.qualifications.find({ where: { participantId }, order: { grantedAt: 'DESC', id: 'ASC' } });
    const now = this.clock.now();
    return rows.map((row) => toQualificationView(row, now));
  }

  /** Valid at `at`, newest first. */
  async validAt(participantId: string, at: Date): Promise<QualificationView[]> {
    // Hand-written (it is on every GET /me/progress); the same conditions as validQuery.
    const rows = await this.raw.rows(
      `SELECT q.* FROM qualifications q
         JOIN participants p ON p.id = q.participant_id AND p.erased_at IS NULL
        WHERE ${VALID_AT_CONDITIONS}
        ORDER BY q.granted_at DESC, q.id ASC`,
      { participantId, at },
    );
    return this.viewsAt(rows, at);
  }

  /** The views of `qualifications` rows (`q.*`) read at `at`: from `validAt` or VALID_QUALIFICATIONS_SQL. */
  viewsAt(rows: RawRow[], at: Date): QualificationView[] {
    return rows.map((row) => toQualificationView(this.raw.hydrate(Qualification, row), at));
  }

  /** A direct grant by staff (a training outside any path, a qualification from elsewhere). */
  async grant(participantId: string, dto: GrantQualificationDto, actor: AuthUser): Promise<QualificationView> {
    const now = this.clock.now();
    const grantedAt = backDatedInstant('grantedAt', dto.grantedAt, now);
    let expiresAt = this.defaultExpiry(grantedAt);
    if (dto.expiresAt !== undefined) {
      expiresAt = new Date(dto.expiresAt);
      if (expiresAt.getTime() <= grantedAt.getTime()) {
        throw DomainError.validation([{ field: 'expiresAt', message: 'expiresAt must be after grantedAt' }]);
      }
    }
    const row = await this.tx.run(async () => {
      await this.access.visible(participantId, actor);
      const repo = this.tx.manager.getRepository(Qualification);
      return repo.save(
        repo.create({
          participantId,
          category: dto.category,
          grantedAt,
          expiresAt,
          revokedAt: null,
          revokedByUserId: null,
          revokeReason: null,
          source: 'direct',
          enrollmentId: null,
          stepId: null,
          grantedByUserId: actor.id,
        }),
      );
    });
    return toQualificationView(row, now);
  }

  /** Called inside the validation of a step that grants a qualification. */
  async grantForStep(
    grant: {
      participantId: string;
      category: MachineCategory;
      grantedAt: Date;
      enrollmentId: string;
      stepId: string;
      grantedByUserId: string;
    },
  ): Promise<void> {
    const repo = this.qualifications;
    await repo.insert(
      repo.create({
        ...grant,
        expiresAt: this.defaultExpiry(grant.grantedAt),
        revokedAt: null,
        revokedByUserId: null,
        revokeReason: null,
        source: 'step',
      }),
    );
  }

  /**
   * Revokes the qualification — and every other unrevoked grant of the same category for the
   * person, so that revoking really stops them using those machines. Rows are kept.
   */
  async revoke(participantId: string, qualificationId: string, actor: AuthUser, reason: string | null = null): Promise<void> {
    await this.tx.run(async () => {
      await this.access.visible(participantId, actor);
      const repo = this.tx.manager.getRepository(Qualification);
      const qualification = await repo.findOneBy({ id: qualificationId, participantId });
      if (!qualification) throw DomainError.notFound('Qualification');
      await repo.update(
        { participantId, category: qualification.category, revokedAt: IsNull() },
        { revokedAt: this.clock.now(), revokedByUserId: actor.id, revokeReason: reason },
      );
    });
  }

  /** Whether the participant holds a valid qualification for this category at `at`. */
  async isQualified(participantId: string, category: MachineCategory, at: Date): Promise<boolean> {
    return (await this.unqualified([participantId], category, at)).length === 0;
  }

  /** Those of `participantIds` without a valid qualification for this category at `at`. */
  async unqualified(participantIds: string[], category: MachineCategory, at: Date): Promise<string[]> {
    const ids = [...new Set(participantIds)];
    if (ids.length === 0) return [];
    const rows = await this.validQuery(at)
      .select('DISTINCT q.participantId', 'participantId')
      .andWhere('q.category = :category', { category })
      .andWhere('q.participantId IN (:...ids)', { ids })
      .getRawMany<{ participantId: string }>();
    const qualified = new Set(rows.map((row) => row.participantId));
    return ids.filter((id) => !qualified.has(id));
  }

  /**
   * PostgreSQL: `unqualified` for the category of a machine, as a statement for the caller to send
   * (`[sql, parameters]`); `unqualifiedOf` reads its rows.
   */
  qualifiedForMachine(participantIds: string[], machineId: string, at: Date): [string, ObjectLiteral] {
    return [QUALIFIED_FOR_MACHINE_SQL, { ids: [...new Set(participantIds)], machineId, at }];
  }

  /** Those of `participantIds` not in the rows of `qualifiedForMachine`. */
  unqualifiedOf(participantIds: string[], rows: RawRow[]): string[] {
    const qualified = new Set(rows.map((row) => row.participant_id));
    return [...new Set(participantIds)].filter((id) => !qualified.has(id));
  }

  private validQuery(at: Date) {
    return this.qualifications
      .createQueryBuilder('q')
      .innerJoin(Participant, 'p', 'p.id = q.participantId AND p.erasedAt IS NULL')
      .where('q.grantedAt <= :at', { at })
      .andWhere('q.expiresAt > :at', { at })
      .andWhere('(q.revokedAt IS NULL OR q.revokedAt > :at)', { at });
  }

  private defaultExpiry(grantedAt: Date): Date {
    return DateTime.fromJSDate(grantedAt, { zone: this.config.timezone })
      .plus({ months: QUALIFICATION_VALIDITY_MONTHS })
      .toJSDate();
  }
}
