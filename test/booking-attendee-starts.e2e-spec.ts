import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * booking_participants.booking_starts_at and booking_attendances.booking_starts_at are their
 * booking's start, on every path that writes them or moves the booking: the period report counts a
 * period's planned places and attendees by them. The booking clock is stopped; bookings are on
 * Tuesday 2027-01-12 in Paris.
 */
describe('planned places and attendances carry their booking’s start', () => {
  const SLOT = { startsAt: '2027-01-12T09:00:00.000Z', endsAt: '2027-01-12T11:00:00.000Z' };
  const LATER = { startsAt: '2027-01-12T13:00:00.000Z', endsAt: '2027-01-12T14:00:00.000Z' };
  let t: TestApp;
  let facilitator: Session;
  let p1: ParticipantBody;
  let p2: ParticipantBody;
  let p3: ParticipantBody;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    [p1, p2, p3] = [await makeParticipant(t, facilitator), await makeParticipant(t, facilitator), await makeParticipant(t, facilitator)];
  });
  beforeEach(() => freezeClock(t, '2027-01-06T09:00:00.000Z'));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  const book = async (participantIds: string[]) => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    return makeBooking(t, facilitator, { machineId: machine.id, ...SLOT, participantIds });
  };
  const patch = (id: string, body: Record<string, unknown>) => t.http().patch(`/api/bookings/${id}`).set(facilitator.auth).send(body).expect(200);
  const action = (id: string, what: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/bookings/${id}/${what}`).set(facilitator.auth).send(body).expect(200);
  /** The booking's rows of `table`: who, and whether the start they carry is the booking's (compared in the database). */
  const carried = async (table: 'booking_participants' | 'booking_attendances', bookingId: string) =>
    (
      await rows<{ pid: string; same: unknown }>(
        t,
        `SELECT x.participant_id AS pid, CASE WHEN x.booking_starts_at = b.starts_at THEN 1 ELSE 0 END AS same
           FROM ${table} x JOIN bookings b ON b.id = x.booking_id WHERE x.booking_id = $1 ORDER BY x.participant_id`,
        [bookingId],
      )
    ).map((row) => ({ pid: row.pid, same: Number(row.same) === 1 }));
  const all = (...ids: string[]) => ids.sort().map((pid) => ({ pid, same: true }));

  it('written with the booking, and again when it moves, its attendees changed or not', async () => {
    const booking = await book([p1.id, p2.id]);
    expect(await carried('booking_participants', booking.id)).toEqual(all(p1.id, p2.id));

    await patch(booking.id, LATER);
    expect(await carried('booking_participants', booking.id)).toEqual(all(p1.id, p2.id));

    await patch(booking.id, { ...SLOT, participantIds: [p2.id, p3.id] });
    expect(await carried('booking_participants', booking.id)).toEqual(all(p2.id, p3.id));

    await patch(booking.id, { participantIds: [p1.id, p2.id, p3.id] });
    expect(await carried('booking_participants', booking.id)).toEqual(all(p1.id, p2.id, p3.id));
    const [{ starts }] = await rows<{ starts: unknown }>(t, 'SELECT COUNT(*) AS starts FROM booking_participants WHERE booking_id = $1 AND booking_starts_at IS NOT NULL', [booking.id]);
    expect(Number(starts)).toBe(3);
  });

  it('attendances at check-in and at check-out, given or taken from the planned attendees', async () => {
    const given = await book([p1.id, p2.id, p3.id]);
    const defaulted = await book([p1.id, p2.id]);
    freezeClock(t, '2027-01-12T08:45:00.000Z');
    await action(given.id, 'check-in', { attendeeIds: [p1.id] });
    await action(defaulted.id, 'check-in');
    expect(await carried('booking_attendances', given.id)).toEqual(all(p1.id));

    freezeClock(t, '2027-01-12T11:05:00.000Z');
    await action(given.id, 'check-out', { attendeeIds: [p1.id, p3.id] });
    await action(defaulted.id, 'check-out');
    expect(await carried('booking_attendances', given.id)).toEqual(all(p1.id, p3.id));
    expect(await carried('booking_attendances', defaulted.id)).toEqual(all(p1.id, p2.id));
  });
});
