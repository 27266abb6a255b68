import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type BookingBody, freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine, makeWorkOrder } from './factories/machines.js';
import { makeLearner, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The booking clock stands at Wednesday 2027-01-06 10:00 in Paris; times in bodies are local. */
describe('POST /bookings/series', () => {
  const NOW = '2027-01-06T09:00:00.000Z';
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { partnerId: string | null } };
  let outsider: Session & { user: { partnerId: string | null } };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    outsider = await makeStaff(t, admin, 'trainer');
  });
  beforeEach(() => freezeClock(t, NOW));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  const series = (session: Session, body: Record<string, unknown>) =>
    t.http().post('/api/bookings/series').set(session.auth).send({ kind: 'session', durationMinutes: 120, ...body });
  const machine = async () => (await makeMachine(t, facilitator, { requiresQualification: false })).id;
  const bookingsOf = (machineId: string) =>
    rows<{ id: string; series_id: string | null }>(t, 'SELECT id, series_id FROM bookings WHERE machine_id = $1', [machineId]);
  const seriesRows = (machineId: string) => rows<{ id: string; rule: string }>(t, 'SELECT id, rule FROM booking_series WHERE machine_id = $1', [machineId]);

  it('books the free occurrences and reports the others (allOrNothing false)', async () => {
    const machineId = await machine();
    const blocker = await makeBooking(t, outsider, { machineId, startsAt: '2027-01-19T15:00', endsAt: '2027-01-19T16:00' });
    const res = await series(trainer, { machineId, firstStartsAt: '2027-01-12T14:00', count: 4, title: 'Atelier du mardi' });
    expect(res.status).toBe(201);
    expect(res.body.seriesId).toEqual(expect.any(String));
    expect(res.body.created.map((b: BookingBody) => b.startsAt)).toEqual([
      '2027-01-12T13:00:00.000Z',
      '2027-01-26T13:00:00.000Z',
      '2027-02-02T13:00:00.000Z',
    ]);
    for (const booking of res.body.created) {
      expect(booking).toMatchObject({
        seriesId: res.body.seriesId,
        partnerId: trainer.user.partnerId,
        title: 'Atelier du mardi',
        status: 'confirmed',
        kind: 'session',
      });
      expect(new Date(booking.endsAt).getTime() - new Date(booking.startsAt).getTime()).toBe(120 * 60_000);
    }
    expect(res.body.skipped).toEqual([
      {
        startsAt: '2027-01-19T13:00:00.000Z',
        error: {
          code: 'BOOKING_CONFLICT',
          message: expect.any(String),
          details: { conflicts: [{ id: blocker.id, startsAt: blocker.startsAt, endsAt: blocker.endsAt }] },
        },
      },
    ]);
    expect(await seriesRows(machineId)).toEqual([{ id: res.body.seriesId, rule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=4' }]);
    expect((await bookingsOf(machineId)).filter((b) => b.series_id === res.body.seriesId)).toHaveLength(3);
  });

  it('reads a series’ report again: its bookings as they stand now, the dates it skipped as they were; for its author and the team', async () => {
    const machineId = await machine();
    await makeBooking(t, outsider, { machineId, startsAt: '2027-01-20T15:00', endsAt: '2027-01-20T16:00' });
    const made = await series(trainer, { machineId, firstStartsAt: '2027-01-13T14:00', count: 3 });
    expect(made.status).toBe(201);
    const cancelled = made.body.created[1];
    expect((await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set(trainer.auth).send({ reason: 'Sortie' })).status).toBe(200);

    for (const session of [trainer, facilitator, admin]) {
      const again = await t.http().get(`/api/bookings/series/${made.body.seriesId}/report`).set(session.auth);
      expect(again.status).toBe(200);
      expect(again.body.seriesId).toBe(made.body.seriesId);
      expect(again.body.created.map((b: BookingBody) => [b.startsAt, b.status])).toEqual([
        ['2027-01-13T13:00:00.000Z', 'confirmed'],
        ['2027-01-27T13:00:00.000Z', 'cancelled'],
      ]);
      expect(again.body.skipped).toEqual(made.body.skipped);
      expect(again.body.skipped.map((s: { startsAt: string; error: { code: string } }) => [s.startsAt, s.error.code])).toEqual([
        ['2027-01-20T13:00:00.000Z', 'BOOKING_CONFLICT'],
      ]);
    }
    expect((await t.http().get(`/api/bookings/series/${made.body.seriesId}/report`).set(outsider.auth)).status).toBe(404);
    expect((await t.http().get(`/api/bookings/series/${made.body.seriesId}/report`).set((await makeLearner(t, facilitator)).session.auth)).status).toBe(403);
    expect((await t.http().get('/api/bookings/series/not-an-id/report').set(trainer.auth)).status).toBe(404);
    expect((await t.http().get('/api/bookings/series/00000000-0000-4000-8000-000000000000/report').set(trainer.auth)).status).toBe(404);
  });

  it('with allOrNothing, one collision books nothing: 409 with the report in details', async () => {
    const machineId = await machine();
    const blocker = await makeBooking(t, outsider, { machineId, startsAt: '2027-01-19T15:00', endsAt: '2027-01-19T16:00' });
    const res = await series(trainer, { machineId, firstStartsAt: '2027-01-12T14:00', count: 4, allOrNothing: true });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('BOOKING_CONFLICT');
    expect(res.body.details).toEqual({
      created: [],
      skipped: [{ startsAt: '2027-01-19T13:00:00.000Z', error: expect.objectContaining({ code: 'BOOKING_CONFLICT' }) }],
    });
    expect((await bookingsOf(machineId)).map((b) => b.id)).toEqual([blocker.id]);
    expect(await seriesRows(machineId)).toEqual([]);

    // Without the collision, all of it is booked.
    await t.http().post(`/api/bookings/${blocker.id}/cancel`).set(outsider.auth).send({});
    const ok = await series(trainer, { machineId, firstStartsAt: '2027-01-12T14:00', count: 4, allOrNothing: true });
    expect(ok.status).toBe(201);
    expect(ok.body.created).toHaveLength(4);
    expect(ok.body.skipped).toEqual([]);
  });

  it('reports every kind of failure; with allOrNothing the first failing occurrence gives the code', async () => {
    const machineId = await machine();
    await makeWorkOrder(t, facilitator, machineId, { windowStart: '2027-01-19T15:00', windowEnd: '2027-01-19T17:00' });
    await makeBooking(t, outsider, { machineId, startsAt: '2027-02-02T14:00', endsAt: '2027-02-02T14:30' });
    const hours = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({ weekly: hours.weekly, closures: [...hours.closures, { from: '2027-01-26', to: '2027-01-26', reason: 'Fermé' }] });
    const body = { machineId, firstStartsAt: '2027-01-12T14:00', count: 5 };

    const all = await series(facilitator, { ...body, allOrNothing: true });
    expect(all.status).toBe(409);
    expect(all.body.error).toBe('MAINTENANCE_WINDOW'); // 19 January comes first
    expect(all.body.details.skipped.map((s: { error: { code: string } }) => s.error.code)).toEqual([
      'MAINTENANCE_WINDOW',
      'OUTSIDE_OPENING_HOURS',
      'BOOKING_CONFLICT',
    ]);

    const some = await series(facilitator, body);
    expect(some.status).toBe(201);
    expect(some.body.created.map((b: BookingBody) => b.startsAt)).toEqual(['2027-01-12T13:00:00.000Z', '2027-02-09T13:00:00.000Z']);
    expect(some.body.skipped.map((s: { startsAt: string; error: { code: string } }) => [s.startsAt, s.error.code])).toEqual([
      ['2027-01-19T13:00:00.000Z', 'MAINTENANCE_WINDOW'],
      ['2027-01-26T13:00:00.000Z', 'OUTSIDE_OPENING_HOURS'],
      ['2027-02-02T13:00:00.000Z', 'BOOKING_CONFLICT'],
    ]);

    const onlyClosed = await series(facilitator, { machineId: await machine(), firstStartsAt: '2027-01-26T14:00', count: 1, allOrNothing: true });
    expect({ status: onlyClosed.status, error: onlyClosed.body.error }).toEqual({ status: 422, error: 'OUTSIDE_OPENING_HOURS' });
  });

  it('every N weeks until a date (included); occurrences past 90 days are skipped', async () => {
    const machineId = await machine();
    const res = await series(trainer, { machineId, firstStartsAt: '2027-01-14T10:00', everyWeeks: 2, until: '2027-02-25', durationMinutes: 60 });
    expect(res.status).toBe(201);
    expect(res.body.created.map((b: BookingBody) => b.startsAt)).toEqual([
      '2027-01-14T09:00:00.000Z',
      '2027-01-28T09:00:00.000Z',
      '2027-02-11T09:00:00.000Z',
      '2027-02-25T09:00:00.000Z',
    ]);
    expect((await seriesRows(machineId))[0].rule).toBe('FREQ=WEEKLY;INTERVAL=2;UNTIL=20270225T235959');

    // Weekly from 13 January: the last start allowed is 6 April 10:00 (90 days after now).
    const long = await series(trainer, { machineId: await machine(), firstStartsAt: '2027-01-13T09:00', count: 14, durationMinutes: 60 });
    expect(long.body.created).toHaveLength(12);
    expect(long.body.skipped.map((s: { startsAt: string; error: { code: string } }) => [s.startsAt, s.error.code])).toEqual([
      ['2027-04-07T07:00:00.000Z', 'TOO_FAR_AHEAD'],
      ['2027-04-14T07:00:00.000Z', 'TOO_FAR_AHEAD'],
    ]);
  });

  it('keeps the local time across the daylight-saving change', async () => {
    freezeClock(t, '2027-03-10T09:00:00.000Z');
    const res = await series(trainer, { machineId: await machine(), firstStartsAt: '2027-03-23T14:00', count: 3 });
    expect(res.status).toBe(201);
    expect(res.body.created.map((b: BookingBody) => [b.startsAt, b.endsAt])).toEqual([
      ['2027-03-23T13:00:00.000Z', '2027-03-23T15:00:00.000Z'], // CET
      ['2027-03-30T12:00:00.000Z', '2027-03-30T14:00:00.000Z'], // CEST
      ['2027-04-06T12:00:00.000Z', '2027-04-06T14:00:00.000Z'],
    ]);
  });

  it('checks qualifications for each occurrence; nothing booked means no series', async () => {
    const laser = (await makeMachine(t, facilitator, { category: 'laser_cutter' })).id;
    const newcomer = await makeParticipant(t, facilitator);
    const res = await series(facilitator, { machineId: laser, firstStartsAt: '2027-01-12T09:00', count: 2, participantIds: [newcomer.id] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      seriesId: null,
      created: [],
      skipped: [
        { startsAt: '2027-01-12T08:00:00.000Z', error: expect.objectContaining({ code: 'NOT_QUALIFIED', details: expect.objectContaining({ participantIds: [newcomer.id] }) }) },
        { startsAt: '2027-01-19T08:00:00.000Z', error: expect.objectContaining({ code: 'NOT_QUALIFIED' }) },
      ],
    });
    expect(await seriesRows(laser)).toEqual([]);
    const training = await series(facilitator, { machineId: laser, kind: 'training', firstStartsAt: '2027-01-12T09:00', count: 2, participantIds: [newcomer.id] });
    expect(training.body.created).toHaveLength(2);
  });

  it('refuses what does not make a series (400), learners and other partners (403), anonymous callers (401)', async () => {
    const machineId = await machine();
    const ok = { machineId, firstStartsAt: '2027-01-12T14:00', count: 2 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, until: '2027-02-01' }, 'count'],
      [{ ...ok, count: undefined }, 'count'],
      [{ ...ok, count: 53 }, 'count'],
      [{ ...ok, count: 0 }, 'count'],
      [{ ...ok, count: undefined, until: '2029-01-01' }, 'until'],
      [{ ...ok, count: undefined, until: '2027-01-01' }, 'until'],
      [{ ...ok, durationMinutes: 20 }, 'durationMinutes'],
      [{ ...ok, durationMinutes: 495 }, 'durationMinutes'],
      [{ ...ok, durationMinutes: 0 }, 'durationMinutes'],
      [{ ...ok, firstStartsAt: '2027-01-12T14:10' }, 'firstStartsAt'],
      [{ ...ok, everyWeeks: 0 }, 'everyWeeks'],
      [{ ...ok, kind: 'party' }, 'kind'],
      [{ ...ok, allOrNothing: 'yes' }, 'allOrNothing'],
      [{ ...ok, machineId: '00000000-0000-4000-8000-000000000000' }, 'machineId'],
    ];
    for (const [body, field] of cases) {
      const res = await series(trainer, body);
      expect({ field, status: res.status, fields: res.body.details?.map((d: { field: string }) => d.field) }).toEqual({
        field,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await bookingsOf(machineId)).toEqual([]);
    const learner = await makeLearner(t, facilitator);
    expect((await series(learner.session, ok)).status).toBe(403);
    expect((await series(trainer, { ...ok, partnerId: outsider.user.partnerId })).status).toBe(403);
    expect((await t.http().post('/api/bookings/series').send(ok)).status).toBe(401);
    expect(await bookingsOf(machineId)).toEqual([]);
  });
});
