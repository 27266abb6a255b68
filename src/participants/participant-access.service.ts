import { Injectable } from '@nestjs/common';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { Participant } from './participant.entity.js';

/**
 * SQL: the participant `alias` attends a (not cancelled) booking the trainer made or one of their
 * partner's. Written here, where the scope is decided, on the bookings' tables: participants
 * import nothing from bookings (bookings depend on participants).
 */
const attendsBookingOf = (alias: string) =>
  `${alias}.id IN (SELECT scope_bp.participant_id FROM booking_participants scope_bp
     INNER JOIN bookings scope_b ON scope_b.id = scope_bp.booking_id
     WHERE scope_b.status <> 'cancelled'
       AND (scope_b.author_id = :bookingScopeUserId OR scope_b.partner_id = :bookingScopePartnerId))`;

/**
 * Who may see which participant: the one place that says it, used by every read and write of
 * participants, enrolments and qualifications. Erased participants are seen by no one.
 * Someone out of scope gets 404, never 403 (no existence oracle).
 */
@Injectable()
export class ParticipantAccess {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Narrows a query on participants (`alias`) to those the caller may see:
   * admins and facilitators everyone; a trainer the young people referred by their partner or
   * attending one of their bookings (or their partner's); a learner themself.
   */
  scope<T extends object>(qb: SelectQueryBuilder<T>, alias: string, user: AuthUser): SelectQueryBuilder<T> {
    qb.andWhere(`${alias}.erasedAt IS NULL`);
    switch (user.role) {
      case 'admin':
      case 'facilitator':
        return qb;
      case 'trainer':
        return qb.andWhere(
          new Brackets((w) => {
            w.where('1 = 0');
            if (user.partnerId) w.orWhere(`${alias}.referredByPartnerId = :scopePartnerId`, { scopePartnerId: user.partnerId });
            // A trainer without a partner matches on authorship only (NULL never equals).
            w.orWhere(attendsBookingOf(alias), { bookingScopeUserId: user.id, bookingScopePartnerId: user.partnerId });
          }),
        );
      case 'learner':
        return user.participantId
          ? qb.andWhere(`${alias}.id = :scopeParticipantId`, { scopeParticipantId: user.participantId })
          : qb.andWhere('1 = 0');
      default:
        return qb.andWhere('1 = 0');
    }
  }

  /** Those of `participantIds` the caller may see. */
  async visibleIds(participantIds: string[], user: AuthUser): Promise<Set<string>> {
    if (participantIds.length === 0) return new Set();
    const qb = this.tx.manager
      .getRepository(Participant)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where('p.id IN (:...visibleIds)', { visibleIds: [...new Set(participantIds)] });
    const rows = await this.scope(qb, 'p', user).getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  /** The participant if the caller may see them, else 404. */
  async visible(participantId: string, user: AuthUser): Promise<Participant> {
    const qb = this.tx.manager.getRepository(Participant).createQueryBuilder('p').where('p.id = :id', { id: participantId });
    const participant = await this.scope(qb, 'p', user).getOne();
    if (!participant) throw DomainError.notFound('Participant');
    return participant;
  }
}
