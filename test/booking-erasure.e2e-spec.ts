import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BookingAttendance } from '../src/bookings/booking-attendance.entity.js';
import { CalendarToken } from '../src/bookings/calendar-token.entity.js';
import { freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeLearner, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('bookings of an erased participant (GDPR)', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
  });
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  it('leave their future bookings (their own are cancelled), keep past attendance, lose free text and the feed', async () => {
    freezeClock(t, '2027-01-06T09:00:00Z');
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const learner = await makeLearner(t, facilitator);
    const friend = await makeParticipant(t, facilitator);
    const me = learner.participant.id;
    const past = await makeBooking(t, facilitator, { machineId: machine.id, startsAt: '2027-01-12T09:00', endsAt: '2027-01-12T10:00', participantIds: [me, friend.id] });
    const own = await makeBooking(t, learner.session, { machineId: machine.id, kind: 'open_lab', startsAt: '2027-01-19T09:00', endsAt: '2027-01-19T10:00', title: 'Mon porte-clés' });
    const group = await makeBooking(t, facilitator, { machineId: machine.id, startsAt: '2027-01-19T10:00', endsAt: '2027-01-19T11:00', participantIds: [me, friend.id] });
    await t.http().post('/api/me/calendar-token').set(learner.session.auth).send();
    freezeClock(t, '2027-01-12T08:00:00Z');
    await t.http().post(`/api/bookings/${past.id}/check-in`).set(facilitator.auth).send({ attendeeIds: [me, friend.id] });
    await t.http().post(`/api/bookings/${past.id}/check-out`).set(facilitator.auth).send({});

    freezeClock(t, '2027-01-12T12:00:00Z');
    expect((await t.http().delete(`/api/participants/${me}`).set(admin.auth)).status).toBe(204);

    const get = async (id: string) => (await t.http().get(`/api/bookings/${id}`).set(facilitator.auth)).body;
    expect(await get(own.id)).toMatchObject({ status: 'cancelled', title: null, participantIds: [] });
    expect(await get(group.id)).toMatchObject({ status: 'confirmed', participantIds: [friend.id] });
    expect(await get(past.id)).toMatchObject({ status: 'completed', participantIds: [me, friend.id].sort(), attendeeIds: [me, friend.id].sort() });
    expect(await t.dataSource.getRepository(BookingAttendance).countBy({ participantId: me })).toBe(1);
    expect(await t.dataSource.getRepository(CalendarToken).countBy({ userId: learner.session.userId })).toBe(0);
    // The freed slot can be booked again.
    const again = await t.http().post('/api/bookings').set(facilitator.auth).send({ machineId: machine.id, kind: 'session', startsAt: '2027-01-19T09:00', endsAt: '2027-01-19T10:00' });
    expect(again.status).toBe(201);
  });
});
