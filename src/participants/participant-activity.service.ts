import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { UsersService } from '../users/users.service.js';
import type { EnrollmentView } from './enrollment-view.js';
import { EnrollmentViewsService } from './enrollment-views.service.js';
import { Enrollment } from './enrollment.entity.js';
import { Participant } from './participant.entity.js';
import { Qualification } from './qualification.entity.js';

/**
 * What the sweeps of other features read about participants, without touching their tables:
 * stalled enrolments, expiring qualifications, who has been inactive for years, and the few
 * details a notification needs. Erased participants are left out.
 */
@Injectable()
export class ParticipantActivityService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly views: EnrollmentViewsService,
    private readonly users: UsersService,
  ) {}

  private get manager() {
    return this.tx.manager;
  }

  /** Active enrolments of current participants whose latest progress is before `before`. */
  async stalledEnrollments(before: Date): Promise<Pick<Enrollment, 'id' | 'participantId' | 'lastActivityAt'>[]> {
    return this.manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoin(Participant, 'p', 'p.id = e.participantId AND p.erasedAt IS NULL')
      .select(['e.id', 'e.participantId', 'e.lastActivityAt'])
      .where('e.status = :status', { status: 'active' })
      .andWhere('e.lastActivityAt < :before', { before })
      .orderBy('e.lastActivityAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  /** The enrolment of a current participant (null once erased or unknown). */
  async enrollment(id: string): Promise<Enrollment | null> {
    return this.manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoin(Participant, 'p', 'p.id = e.participantId AND p.erasedAt IS NULL')
      .where('e.id = :id', { id })
      .getOne();
  }

  /** The enrolment as GET /enrollments/:id shows it (path, progress, next step). */
  async enrollmentView(enrollment: Enrollment): Promise<EnrollmentView> {
    return this.views.buildOne(enrollment);
  }

  /** "First Last" of current participants, by id. */
  async names(participantIds: string[]): Promise<Map<string, string>> {
    if (participantIds.length === 0) return new Map();
    const rows = await this.manager.getRepository(Participant).find({
      select: { id: true, firstName: true, lastName: true },
      where: { id: In([...new Set(participantIds)]), erasedAt: IsNull() },
    });
    return new Map(rows.map((p) => [p.id, [p.firstName, p.lastName].filter(Boolean).join(' ')]));
  }

  /** The contact e-mail of current participants who gave one, by id. */
  async contactEmails(participantIds: string[]): Promise<Map<string, string>> {
    if (participantIds.length === 0) return new Map();
    const rows = await this.manager.getRepository(Participant).find({
      select: { id: true, contactEmail: true },
      where: { id: In([...new Set(participantIds)]), erasedAt: IsNull() },
    });
    return new Map(rows.filter((p) => p.contactEmail).map((p) => [p.id, p.contactEmail as string]));
  }

  /** The learner account of a participant, if one exists (activated or not). */
  async learnerAccountId(participantId: string): Promise<string | null> {
    return (await this.users.findLearnerAccount(participantId))?.user.id ?? null;
  }

  /**
   * Unrevoked qualifications of current participants expiring in (from, to], that no later
   * grant of the same category (a renewal) outlives.
   */
  async expiringQualifications(from: Date, to: Date): Promise<Qualification[]> {
    return this.manager
      .getRepository(Qualification)
      .createQueryBuilder('q')
      .innerJoin(Participant, 'p', 'p.id = q.participantId AND p.erasedAt IS NULL')
      .where('q.revokedAt IS NULL')
      .andWhere('q.expiresAt > :from AND q.expiresAt <= :to', { from, to })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM qualifications r WHERE r.participant_id = q.participant_id AND r.category = q.category AND r.revoked_at IS NULL AND r.expires_at > q.expires_at)',
      )
      .orderBy('q.expiresAt', 'ASC')
      .addOrderBy('q.id', 'ASC')
      .getMany();
  }

  /** A qualification still worth a reminder: unrevoked, of a current participant, not renewed since. */
  async qualificationStillExpiring(id: string): Promise<Qualification | null> {
    const q = await this.manager
      .getRepository(Qualification)
      .createQueryBuilder('q')
      .innerJoin(Participant, 'p', 'p.id = q.participantId AND p.erasedAt IS NULL')
      .where('q.id = :id', { id })
      .andWhere('q.revokedAt IS NULL')
      .getOne();
    if (!q) return null;
    const renewed = await this.manager
      .getRepository(Qualification)
      .createQueryBuilder('r')
      .where('r.participantId = :participantId AND r.category = :category', { participantId: q.participantId, category: q.category })
      .andWhere('r.revokedAt IS NULL AND r.expiresAt > :expiresAt', { expiresAt: q.expiresAt })
      .getExists();
    return renewed ? null : q;
  }

  /**
   * Current participants with no activity since `cutoff`: registered before it, and no
   * enrolment activity, progress event or qualification granted since. (Other features' activity,
   * such as attending a booking, is checked by the caller.)
   */
  async inactiveSince(cutoff: Date): Promise<string[]> {
    const rows = await this.manager
      .getRepository(Participant)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where('p.erasedAt IS NULL')
      .andWhere('p.createdAt < :cutoff', { cutoff })
      .andWhere('NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.participant_id = p.id AND e.last_activity_at >= :cutoff)')
      .andWhere('NOT EXISTS (SELECT 1 FROM progress_events pe WHERE pe.participant_id = p.id AND pe.occurred_at >= :cutoff)')
      .andWhere('NOT EXISTS (SELECT 1 FROM qualifications q WHERE q.participant_id = p.id AND q.granted_at >= :cutoff)')
      .orderBy('p.id', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
