import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { BookingAttendance } from '../src/bookings/booking-attendance.entity.js';
import { BookingUseService } from '../src/bookings/booking-use.service.js';
import { MachineStatusChange } from '../src/machines/machine-status-change.entity.js';
import { freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Check-in, check-out, no-show. The booking clock is stopped; bookings are on Tuesday
 * 2027-01-12 10:00–12:00 in Paris (09:00Z–11:00Z).
 */
describe('using a booking: check-in, check-out, no-show', () => {
  const BEFORE = '2027-01-06T09:00:00.000Z';
  const SLOT = { startsAt: '2027-01-12T09:00:00.000Z', endsAt: '2027-01-12T11:00:00.000Z' };
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { partnerId: string | null } };
  let colleague: Session;
  let outsider: Session;
  let p1: ParticipantBody;
  let p2: ParticipantBody;
  let p3: ParticipantBody;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    colleague = await makeStaff(t, admin, 'trainer', { partnerId: trainer.user.partnerId });
    outsider = await makeStaff(t, admin, 'trainer');
    const referred = { referredByPartnerId: trainer.user.partnerId };
    [p1, p2, p3] = [await makeParticipant(t, facilitator, referred), await makeParticipant(t, facilitator, referred), await makeParticipant(t, facilitator, referred)];
  });
  beforeEach(() => freezeClock(t, BEFORE));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  const action = (session: Session, id: string, what: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/bookings/${id}/${what}`).set(session.auth).send(body);
  const fresh = async (participantIds = [p1.id, p2.id]) => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    return { machine, booking: await makeBooking(t, trainer, { machineId: machine.id, ...SLOT, participantIds }) };
  };
  const attendance = (bookingId: string) =>
    t.dataSource.getRepository(BookingAttendance).find({ where: { bookingId }, order: { participantId: 'ASC' } });

  it('checks in from 30 minutes before the start, then checks out: meter, attendance, status', async () => {
    const { machine, booking } = await fresh();
    freezeClock(t, '2027-01-12T08:29:59.999Z');
    const early = await action(trainer, booking.id, 'check-in');
    expect({ status: early.status, error: early.body.error }).toEqual({ status: 422, error: 'INVALID_TRANSITION' });

    freezeClock(t, '2027-01-12T08:30:00.000Z');
    const checkedIn = await action(trainer, booking.id, 'check-in', { attendeeIds: [p1.id] });
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body).toMatchObject({ status: 'confirmed', checkedInAt: '2027-01-12T08:30:00.000Z', attendeeIds: [p1.id] });
    expect((await action(trainer, booking.id, 'check-in')).status).toBe(422);
    expect((await action(trainer, booking.id, 'cancel')).status).toBe(422);
    expect((await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send({ endsAt: '2027-01-12T11:30:00Z' })).status).toBe(422);
    // Someone turns up: added to the booking, then to the attendance.
    const added = await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send({ participantIds: [p1.id, p2.id, p3.id] });
    expect(added.status).toBe(200);

    freezeClock(t, '2027-01-12T11:10:00.000Z');
    const out = await action(trainer, booking.id, 'check-out', { usedMinutes: 90, attendeeIds: [p1.id, p3.id] });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({
      status: 'completed',
      checkedInAt: '2027-01-12T08:30:00.000Z',
      checkedOutAt: '2027-01-12T11:10:00.000Z',
      usedMinutes: 90,
      attendeeIds: [p1.id, p3.id].sort(),
    });
    expect((await t.http().get(`/api/machines/${machine.id}`).set(admin.auth)).body.usageHours).toBe(1.5);
    const readings = await t.http().get(`/api/machines/${machine.id}/usage`).set(admin.auth);
    expect(readings.body.items[0]).toMatchObject({ source: 'booking', sourceId: booking.id, delta: 1.5, recordedBy: trainer.userId });
    // Attendance, each at the check-in time: what the yearly target counts.
    expect((await attendance(booking.id)).map((a) => [a.participantId, a.attendedAt.toISOString()])).toEqual(
      [p1.id, p3.id].sort().map((id) => [id, '2027-01-12T08:30:00.000Z']),
    );
    const attended = await t.app.get(BookingUseService).attendancesBetween(new Date('2027-01-12T00:00:00Z'), new Date('2027-01-13T00:00:00Z'));
    expect(attended.filter((a) => a.bookingId === booking.id).map((a) => a.participantId).sort()).toEqual([p1.id, p3.id].sort());
    expect((await action(trainer, booking.id, 'check-out')).status).toBe(422);
  });

  it('defaults: used minutes = the booked length, attendance = the check-in list, else every planned participant', async () => {
    const planned = await fresh();
    freezeClock(t, SLOT.startsAt);
    await action(facilitator, planned.booking.id, 'check-in');
    const out = await action(facilitator, planned.booking.id, 'check-out');
    expect(out.body).toMatchObject({ status: 'completed', usedMinutes: 120, attendeeIds: [p1.id, p2.id].sort() });
    expect((await t.http().get(`/api/machines/${planned.machine.id}`).set(admin.auth)).body.usageHours).toBe(2);

    const listed = await fresh();
    await action(trainer, listed.booking.id, 'check-in', { attendeeIds: [p2.id] });
    const kept = await action(trainer, listed.booking.id, 'check-out', { usedMinutes: 0 });
    expect(kept.body).toMatchObject({ usedMinutes: 0, attendeeIds: [p2.id] });
    expect((await t.http().get(`/api/machines/${listed.machine.id}`).set(admin.auth)).body.usageHours).toBe(0);
  });

  it('refuses bad input (400) and out-of-order moves (422)', async () => {
    const { booking } = await fresh();
    freezeClock(t, SLOT.startsAt);
    expect((await action(trainer, booking.id, 'check-out')).status).toBe(422); // not checked in
    const stranger = await action(trainer, booking.id, 'check-in', { attendeeIds: [p3.id] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.details[0].field).toBe('attendeeIds');
    expect((await action(trainer, booking.id, 'check-in', { attendeeIds: ['x'] })).status).toBe(400);
    expect((await t.http().get(`/api/bookings/${booking.id}`).set(trainer.auth)).body.checkedInAt).toBeNull();
    await action(trainer, booking.id, 'check-in');
    for (const body of [{ usedMinutes: -1 }, { usedMinutes: 1.5 }, { usedMinutes: 'lots' }, { usedMinutes: 1441 }, { attendeeIds: [p3.id] }]) {
      const res = await action(trainer, booking.id, 'check-out', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await t.http().get(`/api/bookings/${booking.id}`).set(trainer.auth)).body.status).toBe('confirmed');

    const late = await fresh();
    freezeClock(t, SLOT.endsAt);
    expect((await action(trainer, late.booking.id, 'check-in')).body.error).toBe('INVALID_TRANSITION');
  });

  it('lets the author, facilitators and admins check in and out; a learner checks in their own open-lab time', async () => {
    const { booking } = await fresh();
    freezeClock(t, SLOT.startsAt);
    expect((await action(colleague, booking.id, 'check-in')).status).toBe(403);
    expect((await action(outsider, booking.id, 'check-in')).status).toBe(404);
    expect((await t.http().post(`/api/bookings/${booking.id}/check-in`).send({})).status).toBe(401);
    expect((await action(admin, booking.id, 'check-in')).status).toBe(200);

    const learner = await makeLearner(t, facilitator);
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    freezeClock(t, BEFORE);
    const own = await makeBooking(t, learner.session, { machineId: machine.id, kind: 'open_lab', ...SLOT });
    const attended = await makeBooking(t, facilitator, { machineId: machine.id, ...SLOT, startsAt: SLOT.endsAt, endsAt: '2027-01-12T11:30:00Z', participantIds: [learner.participant.id] });
    freezeClock(t, SLOT.startsAt);
    expect((await action(learner.session, own.id, 'check-in')).status).toBe(200);
    const out = await action(learner.session, own.id, 'check-out', { usedMinutes: 45 });
    expect(out.body).toMatchObject({ status: 'completed', attendeeIds: [learner.participant.id], usedMinutes: 45 });
    expect((await action(learner.session, attended.id, 'check-in')).status).toBe(403);
  });

  it('a learner cannot drive the meter: no check-out before the start, used minutes at most the booked length', async () => {
    const learner = await makeLearner(t, facilitator);
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    freezeClock(t, BEFORE);
    const own = await makeBooking(t, learner.session, { machineId: machine.id, kind: 'open_lab', ...SLOT });
    freezeClock(t, '2027-01-12T08:48:00.000Z'); // 12 minutes before the start
    expect((await action(learner.session, own.id, 'check-in')).status).toBe(200);
    const early = await action(learner.session, own.id, 'check-out', { usedMinutes: 1440 });
    expect({ status: early.status, error: early.body.error }).toEqual({ status: 422, error: 'INVALID_TRANSITION' });
    const meter = async () => (await t.http().get(`/api/machines/${machine.id}`).set(facilitator.auth)).body.usageHours;
    expect(await meter()).toBe(0);
    // The slot stays taken: nobody else can book it.
    const again = await t.http().post('/api/bookings').set(trainer.auth).send({ kind: 'session', machineId: machine.id, ...SLOT });
    expect(again.body.error).toBe('BOOKING_CONFLICT');

    freezeClock(t, '2027-01-12T10:00:00.000Z');
    const tooMuch = await action(learner.session, own.id, 'check-out', { usedMinutes: 121 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.details).toEqual([expect.objectContaining({ field: 'usedMinutes' })]);
    expect(await meter()).toBe(0);
    const out = await action(learner.session, own.id, 'check-out', { usedMinutes: 120 });
    expect(out.body).toMatchObject({ status: 'completed', usedMinutes: 120 });
    expect(await meter()).toBe(2);
  });

  it('marks no-show once started and never checked in; the rest of the slot is free again', async () => {
    const { machine, booking } = await fresh();
    freezeClock(t, '2027-01-12T08:59:00.000Z');
    expect((await action(trainer, booking.id, 'no-show')).status).toBe(422);
    freezeClock(t, '2027-01-12T09:15:00.000Z');
    expect((await action(colleague, booking.id, 'no-show')).status).toBe(403);
    const learner = await makeLearner(t, facilitator);
    expect((await action(learner.session, booking.id, 'no-show')).status).toBe(403);
    const res = await action(trainer, booking.id, 'no-show');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'no_show', checkedInAt: null, attendeeIds: [] });
    expect((await action(trainer, booking.id, 'no-show')).status).toBe(422);
    expect((await action(trainer, booking.id, 'check-in')).status).toBe(422);
    const rest = await t.http().post('/api/bookings').set(outsider.auth).send({ machineId: machine.id, kind: 'session', startsAt: '2027-01-12T09:30:00Z', endsAt: SLOT.endsAt });
    expect(rest.status).toBe(201);
  });

  it('does not check in on a machine that broke down', async () => {
    const { machine, booking } = await fresh();
    freezeClock(t, SLOT.startsAt);
    await t.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status: 'out_of_order', reason: 'Laser HS' });
    const res = await action(trainer, booking.id, 'check-in');
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 422, error: 'MACHINE_UNAVAILABLE' });
  });

  it('feeds the machine metrics with booked hours (confirmed and completed, not cancelled)', async () => {
    // A day in the recent past: bookings made "before" it with the clock stopped then.
    const tuesday = (() => {
      let d = DateTime.now().setZone(t.config.timezone).startOf('day').minus({ days: 1 });
      while (d.weekday !== 2) d = d.minus({ days: 1 });
      return d;
    })();
    const local = (clock: string) => tuesday.set({ hour: Number(clock.slice(0, 2)), minute: Number(clock.slice(3)) }).toUTC().toISO() as string;
    freezeClock(t, tuesday.minus({ days: 1 }).toJSDate());
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    // Metrics count only the time in service: the machine has to have been there that day.
    await t.dataSource.getRepository(MachineStatusChange).update({ machineId: machine.id }, { changedAt: tuesday.minus({ days: 7 }).toJSDate() });
    await makeBooking(t, trainer, { machineId: machine.id, startsAt: local('10:00'), endsAt: local('12:00') });
    const cancelled = await makeBooking(t, trainer, { machineId: machine.id, startsAt: local('14:00'), endsAt: local('15:00') });
    await action(trainer, cancelled.id, 'cancel');
    const completed = await makeBooking(t, trainer, { machineId: machine.id, startsAt: local('15:00'), endsAt: local('16:00') });
    freezeClock(t, local('15:00'));
    await action(trainer, completed.id, 'check-in');
    await action(trainer, completed.id, 'check-out');
    freezeClock(t, null);

    const metrics = await t
      .http()
      .get(`/api/machines/${machine.id}/metrics?from=${tuesday.toISODate()}&to=${tuesday.plus({ days: 1 }).toISODate()}`)
      .set(admin.auth);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ openHours: 8, bookedHours: 3, utilisationPct: 37.5 });
  });
});
