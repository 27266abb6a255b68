import { Injectable } from '@nestjs/common';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { Booking } from './booking.entity.js';

/**
 * SQL: the booking `alias` has the participant `:param` among its planned attendees. Written as
 * `id IN (…)` rather than a correlated EXISTS so that, OR-ed with `authorId = …`, SQLite looks
 * bookings up by index (a multi-index OR). PostgreSQL does not: it may walk a whole index of
 * bookings for the OR. Hot reads write the two lookups as one `id IN (… UNION ALL …)`
 * (BookingsService.upcomingFor).
 */
const attendedBy = (alias: string, param: string) =>
  `${alias}.id IN (SELECT bp.booking_id FROM booking_participants bp WHERE bp.participant_id = :${param})`;

/**
 * Who may see which booking — the one place that says it, as a query. Admins and facilitators
 * see every booking; a trainer those of their partner and their own; a learner those they made
 * or attend. Someone out of scope gets 404 (no existence oracle). Who may book and change what
 * (403) are pure rules of booking-rules.ts, asserted by BookingChecksService.
 */
@Injectable()
export class BookingVisibilityService {
  constructor(private readonly tx: TransactionRunner) {}

  /** Narrows a query on bookings (`alias`) to what the caller may see; `mine`: what they made (learners: or attend). */
  scope<T extends object>(qb: SelectQueryBuilder<T>, alias: string, user: AuthUser, mine = false): SelectQueryBuilder<T> {
    const params = { scopeUserId: user.id, scopePartnerId: user.partnerId, scopeParticipantId: user.participantId };
    const own = new Brackets((w) => {
      w.where(`${alias}.authorId = :scopeUserId`, params);
      if (user.role === 'learner' && user.participantId) w.orWhere(attendedBy(alias, 'scopeParticipantId'), params);
    });
    if (mine || user.role === 'learner') return qb.andWhere(own);
    if (user.role === 'trainer') {
      return qb.andWhere(
        new Brackets((w) => {
          w.where(own);
          if (user.partnerId) w.orWhere(`${alias}.partnerId = :scopePartnerId`, params);
        }),
      );
    }
    return qb;
  }

  /** The booking if the caller may see it, else 404. */
  async visible(id: string, user: AuthUser): Promise<Booking> {
    const qb = this.tx.manager.getRepository(Booking).createQueryBuilder('b').where('b.id = :id', { id });
    const booking = await this.scope(qb, 'b', user).getOne();
    if (!booking) throw DomainError.notFound('Booking');
    return booking;
  }
}
