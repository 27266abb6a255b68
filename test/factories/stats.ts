import { Clock } from '../../src/common/time/clock.service.js';
import type { Session } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';
import { makeMachine } from './machines.js';

/**
 * A one-hour training booking at `startsAt` attended by one participant: created a day before,
 * checked in at the start and out at the end, the clock stopped at each step and then let go.
 * Returns the booking id; the attendance is recorded at `startsAt`.
 */
export function makeBookingCheckIn(t: TestApp, staff: Session, participantId: string, startsAt: Date): Promise<string> {
  return makeAttendedBooking(t, staff, { startsAt, hours: 1, planned: [participantId] });
}

/**
 * A training booking of `hours` at `startsAt` on a fresh machine with `planned` attendees, of whom
 * `attended` (all of them by default) are checked out as present; the clock as above.
 */
export async function makeAttendedBooking(
  t: TestApp,
  staff: Session,
  options: { startsAt: Date; hours: number; planned: string[]; attended?: string[] },
): Promise<string> {
  const { startsAt, planned } = options;
  const clock = t.app.get(Clock);
  const endsAt = new Date(startsAt.getTime() + options.hours * 3_600_000);
  const machine = await makeMachine(t, staff, { requiresQualification: false });
  try {
    clock.freezeAt(new Date(startsAt.getTime() - 86_400_000));
    const created = await t.http().post('/api/bookings').set(staff.auth).send({
      machineId: machine.id,
      kind: 'training',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      participantIds: planned,
    });
    if (created.status !== 201) throw new Error(`booking: ${created.status} ${JSON.stringify(created.body)}`);
    clock.freezeAt(startsAt);
    await t.http().post(`/api/bookings/${created.body.id}/check-in`).set(staff.auth).send({}).expect(200);
    clock.freezeAt(endsAt);
    await t
      .http()
      .post(`/api/bookings/${created.body.id}/check-out`)
      .set(staff.auth)
      .send(options.attended ? { attendeeIds: options.attended } : {})
      .expect(200);
    return created.body.id as string;
  } finally {
    clock.freezeAt(null);
  }
}
