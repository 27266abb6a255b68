import { Injectable } from '@nestjs/common';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { BookingKind } from './booking-kind.js';
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

/** Who a booking is for, once the caller's role has had its say. */
export interface BookingTerms {
  partnerId: string | null;
  participantIds: string[];
}

/**
 * Who may see and change which booking — the one place that says it. Admins and facilitators
 * see every booking; a trainer those of their partner and their own; a learner those they made
 * or attend. Someone out of scope gets 404 (no existence oracle); someone who may see a booking
 * but not change it gets 403.
 */
@Injectable()
export class BookingAccess {
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

  /** Moves, cancellations, check-in and check-out: the author, facilitators and admins (403 otherwise). */
  assertMayManage(booking: Booking, user: AuthUser): void {
    if (booking.authorId === user.id || user.role === 'facilitator' || user.role === 'admin') return;
    throw new DomainError('FORBIDDEN', 'Only its author, a facilitator or an admin may change this booking');
  }

  /** No-show: staff only — the author when they are staff, facilitators and admins. */
  assertMayMarkNoShow(booking: Booking, user: AuthUser): void {
    if (user.role !== 'learner') {
      this.assertMayManage(booking, user);
      return;
    }
    throw new DomainError('FORBIDDEN', 'Only staff may mark a booking as no-show');
  }

  /**
   * What the caller may book (403 otherwise). Learners: `open_lab` only, for themself (their
   * participant id, implicitly), for no partner. Trainers: for their own partner. Facilitators
   * and admins: for anyone.
   */
  termsFor(user: AuthUser, input: { kind: BookingKind; partnerId?: string; participantIds?: string[] }): BookingTerms {
    switch (user.role) {
      case 'learner': {
        if (!user.participantId) throw new DomainError('FORBIDDEN', 'Your account is not linked to a participant: it cannot book');
        if (input.kind !== 'open_lab') throw new DomainError('FORBIDDEN', 'Learners may book open-lab time only');
        if (input.partnerId !== undefined) throw new DomainError('FORBIDDEN', 'Learners book for themselves, not for a partner');
        const ids = input.participantIds;
        if (ids !== undefined && (ids.length !== 1 || ids[0] !== user.participantId)) {
          throw new DomainError('FORBIDDEN', 'Learners book for themselves only');
        }
        return { partnerId: null, participantIds: [user.participantId] };
      }
      case 'trainer':
        if (input.partnerId !== undefined && input.partnerId !== user.partnerId) {
          throw new DomainError('FORBIDDEN', 'Trainers book for their own partner only');
        }
        return { partnerId: user.partnerId, participantIds: input.participantIds ?? [] };
      default:
        return { partnerId: input.partnerId ?? null, participantIds: input.participantIds ?? [] };
    }
  }

  /** A learner changing attendees may only keep themself (403 otherwise). */
  assertMayListAttendees(user: AuthUser, participantIds: string[]): void {
    if (user.role !== 'learner') return;
    if (participantIds.length !== 1 || participantIds[0] !== user.participantId) {
      throw new DomainError('FORBIDDEN', 'Learners book for themselves only');
    }
  }
}
