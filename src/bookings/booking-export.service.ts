import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { BookingAttendance } from './booking-attendance.entity.js';
import { BookingParticipant } from './booking-participant.entity.js';
import { Booking } from './booking.entity.js';
import { CalendarToken } from './calendar-token.entity.js';

const bookingView = (b: Booking) => ({
  id: b.id,
  machineId: b.machineId,
  kind: b.kind,
  status: b.status,
  startsAt: b.startsAt.toISOString(),
  endsAt: b.endsAt.toISOString(),
  title: b.title,
  checkedInAt: b.checkedInAt?.toISOString() ?? null,
  checkedOutAt: b.checkedOutAt?.toISOString() ?? null,
  cancelledAt: b.cancelledAt?.toISOString() ?? null,
  cancelReason: b.cancelReason,
});

/**
 * The bookings part of a GDPR export: the bookings the person was planned in, those they attended,
 * those their account made, and whether a calendar feed is open for them (its token is never
 * shown: only its hash is kept).
 */
@Injectable()
export class BookingExportService {
  constructor(private readonly tx: TransactionRunner) {}

  async bookings(participantId: string, accountId: string | null) {
    const manager = this.tx.manager;
    const [planned, attended, authored] = await Promise.all([
      manager.getRepository(BookingParticipant).findBy({ participantId }),
      manager.getRepository(BookingAttendance).find({ where: { participantId }, order: { attendedAt: 'ASC', id: 'ASC' } }),
      accountId ? manager.getRepository(Booking).findBy({ authorId: accountId }) : Promise.resolve([]),
    ]);
    const ids = [...new Set([...planned.map((p) => p.bookingId), ...attended.map((a) => a.bookingId)])];
    const rows = ids.length ? await manager.getRepository(Booking).findBy({ id: In(ids) }) : [];
    const byId = new Map(rows.map((b) => [b.id, b]));
    const chronological = (list: Booking[]) => list.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
    return {
      planned: chronological(planned.map((p) => byId.get(p.bookingId)).filter((b): b is Booking => !!b)).map(bookingView),
      attended: attended.map((a) => ({
        bookingId: a.bookingId,
        machineId: a.machineId,
        attendedAt: a.attendedAt.toISOString(),
        startsAt: byId.get(a.bookingId)?.startsAt.toISOString() ?? null,
        endsAt: byId.get(a.bookingId)?.endsAt.toISOString() ?? null,
      })),
      made: chronological(authored).map(bookingView),
    };
  }

  async calendarFeed(accountId: string | null): Promise<{ exists: boolean; createdAt: string | null }> {
    const token = accountId ? await this.tx.manager.getRepository(CalendarToken).findOneBy({ userId: accountId }) : null;
    return { exists: token !== null, createdAt: token?.createdAt.toISOString() ?? null };
  }
}
