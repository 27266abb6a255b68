import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import type { Booking } from '../src/bookings/booking.entity.js';
import { type BookingBody, makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine, makeWorkOrder } from './factories/machines.js';
import { makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { DomainEventProbe, DomainEventProbeModule } from './helpers/domain-event-probe.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** A booking.* domain event, with the part of its name after `booking.` as its type. */
type BookingEvent = { type: string; booking: Booking } & Record<string, unknown>;

/** Incidents and maintenance windows flag the bookings they break; every change is a booking event. */
describe('bookings hit by disruptions, and booking events', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session;
  let day: DateTime;
  let events: { event: BookingEvent; inTransaction: boolean }[];

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [DomainEventProbeModule] });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    day = nextWeekday(t, 'thu');
    t.app.get(DomainEventProbe).listen(({ name, payload, inTransaction }) => {
      if (!name.startsWith('booking.')) return;
      events.push({ event: { type: name.slice('booking.'.length), ...payload } as BookingEvent, inTransaction });
    });
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (booking: BookingBody) => (await t.http().get(`/api/bookings/${booking.id}`).set(admin.auth)).body as BookingBody;
  const seen = () => events.map(({ event, inTransaction }) => ({ type: event.type, id: event.booking.id, inTransaction }));

  it('a blocking incident flags the confirmed bookings still to come; they stay confirmed', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const other = await makeMachine(t, facilitator, { requiresQualification: false });
    const coming = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '10:00', '11:00') });
    const cancelled = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '11:00', '12:00') });
    await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set(trainer.auth).send({});
    const elsewhere = await makeBooking(t, trainer, { machineId: other.id, ...slot(day, '10:00', '11:00') });
    events = [];

    const minor = await t.http().post(`/api/machines/${machine.id}/incidents`).set(trainer.auth).send({ severity: 'minor', description: 'Bruit' });
    expect(minor.status).toBe(201);
    expect((await get(coming)).affected).toBe(false);

    const blocking = await t
      .http()
      .post(`/api/machines/${machine.id}/incidents`)
      .set(trainer.auth)
      .send({ severity: 'blocking', description: 'Le tube laser ne tire plus' });
    expect(blocking.status).toBe(201);
    expect(await get(coming)).toMatchObject({ status: 'confirmed', affected: true, affectedReason: 'incident' });
    expect(await get(cancelled)).toMatchObject({ status: 'cancelled', affected: false, affectedReason: null });
    expect((await get(elsewhere)).affected).toBe(false);
    expect(seen()).toEqual([{ type: 'affected', id: coming.id, inTransaction: true }]);
    // While out of order, the machine takes no new booking.
    const refused = await t.http().post('/api/bookings').set(trainer.auth).send({ machineId: machine.id, kind: 'session', ...slot(day, '14:00', '15:00') });
    expect(refused.body.error).toBe('MACHINE_UNAVAILABLE');
  });

  it('a maintenance window flags what it overlaps, when created and when moved; a move of the booking clears the flag', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const morning = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '10:00', '11:00') });
    const afternoon = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '14:00', '15:00') });
    events = [];

    const order = await makeWorkOrder(t, facilitator, machine.id, { kind: 'preventive', title: 'Nettoyage', ...windowOf(slot(day, '10:30', '11:30')) });
    expect(await get(morning)).toMatchObject({ affected: true, affectedReason: 'maintenance_window', status: 'confirmed' });
    expect((await get(afternoon)).affected).toBe(false);
    expect(seen()).toEqual([{ type: 'affected', id: morning.id, inTransaction: true }]);

    events = [];
    const moved = await t.http().patch(`/api/maintenance/work-orders/${order.id}`).set(facilitator.auth).send(windowOf(slot(day, '14:30', '15:30')));
    expect(moved.status).toBe(200);
    expect(await get(afternoon)).toMatchObject({ affected: true, affectedReason: 'maintenance_window' });
    expect(seen()).toEqual([{ type: 'affected', id: afternoon.id, inTransaction: true }]); // the morning one is not flagged twice

    const rebooked = await t.http().patch(`/api/bookings/${morning.id}`).set(trainer.auth).send(slot(day, '09:00', '10:00'));
    expect(rebooked.status).toBe(200);
    expect(rebooked.body).toMatchObject({ affected: false, affectedReason: null });
  });

  it('announces creations, moves and cancellations inside their transactions; a title change alone announces nothing', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const participant = await makeParticipant(t, facilitator);
    const booking = await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '16:00', '17:00'), participantIds: [participant.id] });
    await t.http().patch(`/api/bookings/${booking.id}`).set(facilitator.auth).send(slot(day, '16:30', '17:30'));
    await t.http().patch(`/api/bookings/${booking.id}`).set(facilitator.auth).send({ title: 'Titre seul' }); // no event: nothing for reminders
    await t.http().post(`/api/bookings/${booking.id}/cancel`).set(facilitator.auth).send({});
    expect(seen()).toEqual([
      { type: 'created', id: booking.id, inTransaction: true },
      { type: 'moved', id: booking.id, inTransaction: true },
      { type: 'cancelled', id: booking.id, inTransaction: true },
    ]);
    const [created, movedEvent] = events.map((e) => e.event);
    expect(created).toMatchObject({ participantIds: [participant.id], actorId: facilitator.userId });
    expect(movedEvent).toMatchObject({
      participantIds: [participant.id],
      previous: { startsAt: new Date(booking.startsAt), endsAt: new Date(booking.endsAt), participantIds: [participant.id] },
    });
  });

  it('a failing listener undoes the change it was told about', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const unregister = t.app.get(DomainEventProbe).listen(({ name }) => {
      if (name === 'booking.created') throw new Error('outbox down');
    });
    try {
      const res = await t.http().post('/api/bookings').set(trainer.auth).send({ machineId: machine.id, kind: 'session', ...slot(day, '09:00', '10:00') });
      expect(res.status).toBe(500);
    } finally {
      unregister();
    }
    const list = await t.http().get(`/api/bookings?machineId=${machine.id}`).set(admin.auth);
    expect(list.body.total).toBe(0);
  });
});

const windowOf = (s: { startsAt: string; endsAt: string }) => ({ windowStart: s.startsAt, windowEnd: s.endsAt });
