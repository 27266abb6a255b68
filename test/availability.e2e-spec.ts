import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine, makeWorkOrder } from './factories/machines.js';
import { makeLearner } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The booking clock stands at Wednesday 2027-01-06 10:00 in Paris (09:00Z). */
describe('GET /machines/:id/availability', () => {
  const NOW = '2027-01-06T09:00:00.000Z';
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    learner = (await makeLearner(t, facilitator)).session;
  });
  beforeEach(() => freezeClock(t, NOW));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  const availability = (session: Session, machineId: string, query: string) =>
    t.http().get(`/api/machines/${machineId}/availability?${query}`).set(session.auth);
  const pairs = (free: { startsAt: string; endsAt: string }[]) => free.map((f) => [f.startsAt.slice(11, 16), f.endsAt.slice(11, 16)]);
  const machine = async () => (await makeMachine(t, facilitator, { requiresQualification: false })).id;

  it('gives opening hours minus bookings and maintenance windows, for any user', async () => {
    const id = await machine();
    await makeBooking(t, facilitator, { machineId: id, startsAt: '2027-01-12T10:00', endsAt: '2027-01-12T11:00' });
    const cancelled = await makeBooking(t, facilitator, { machineId: id, startsAt: '2027-01-12T17:00', endsAt: '2027-01-12T18:00' });
    await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set(facilitator.auth).send({});
    await makeWorkOrder(t, facilitator, id, { windowStart: '2027-01-12T15:00', windowEnd: '2027-01-12T16:00' });

    const res = await availability(learner, id, 'from=2027-01-12&to=2027-01-13');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      machineId: id,
      status: 'available',
      available: true,
      timezone: 'Europe/Paris',
      from: '2027-01-11T23:00:00.000Z',
      to: '2027-01-12T23:00:00.000Z',
      free: [
        { startsAt: '2027-01-12T08:00:00.000Z', endsAt: '2027-01-12T09:00:00.000Z' },
        { startsAt: '2027-01-12T10:00:00.000Z', endsAt: '2027-01-12T11:30:00.000Z' },
        { startsAt: '2027-01-12T12:30:00.000Z', endsAt: '2027-01-12T14:00:00.000Z' },
        { startsAt: '2027-01-12T15:00:00.000Z', endsAt: '2027-01-12T17:00:00.000Z' },
      ],
      maintenance: [{ startsAt: '2027-01-12T14:00:00.000Z', endsAt: '2027-01-12T15:00:00.000Z' }],
    });
  });

  it('starts no earlier than now; defaults to the next 7 days', async () => {
    const id = await machine();
    const today = await availability(facilitator, id, 'from=2027-01-06&to=2027-01-07');
    expect(pairs(today.body.free)).toEqual([
      ['09:00', '11:30'],
      ['12:30', '17:00'],
    ]);
    const week = await availability(facilitator, id, '');
    expect(week.body).toMatchObject({ from: NOW, to: '2027-01-13T09:00:00.000Z' });
    // Wednesday (from 10:00), Thursday, Friday, Saturday, Tuesday, Wednesday until 10:00.
    expect(week.body.free[0]).toEqual({ startsAt: NOW, endsAt: '2027-01-06T11:30:00.000Z' });
    expect(week.body.free.at(-1)).toEqual({ startsAt: '2027-01-13T08:00:00.000Z', endsAt: '2027-01-13T09:00:00.000Z' });
    expect(week.body.free).toHaveLength(2 + 2 * 4 + 1);
  });

  it('leaves closures out', async () => {
    const hours = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({ weekly: hours.weekly, closures: [{ from: '2027-01-14', to: '2027-01-14', reason: 'Inventaire' }, { from: '2027-01-15T10:00', to: '2027-01-15T11:00' }] });
    const res = await availability(facilitator, await machine(), 'from=2027-01-14&to=2027-01-16');
    expect(res.body.free.map((f: { startsAt: string }) => f.startsAt.slice(0, 10))).not.toContain('2027-01-14');
    expect(pairs(res.body.free)).toEqual([
      ['08:00', '09:00'],
      ['10:00', '11:30'],
      ['12:30', '17:00'],
    ]);
  });

  it('offers nothing on a machine that is not available, and says so', async () => {
    const id = await machine();
    await t.http().post(`/api/machines/${id}/status`).set(facilitator.auth).send({ status: 'out_of_order', reason: 'Courroie cassée' });
    const res = await availability(learner, id, 'from=2027-01-12&to=2027-01-13');
    expect(res.body).toMatchObject({ status: 'out_of_order', available: false, free: [] });
  });

  it('builds each day in local time across daylight-saving changes', async () => {
    freezeClock(t, '2027-10-25T09:00:00.000Z');
    const hours = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ weekly: { ...hours.weekly, sun: [['08:00', '18:00']] }, closures: [] });
    // Saturday 30 October in CEST (UTC+2), Sunday 31 October in CET (UTC+1).
    const res = await availability(facilitator, await machine(), 'from=2027-10-30&to=2027-11-01');
    expect(res.body.free).toEqual([
      { startsAt: '2027-10-30T07:00:00.000Z', endsAt: '2027-10-30T10:30:00.000Z' },
      { startsAt: '2027-10-30T11:30:00.000Z', endsAt: '2027-10-30T16:00:00.000Z' },
      { startsAt: '2027-10-31T07:00:00.000Z', endsAt: '2027-10-31T17:00:00.000Z' },
    ]);
  });

  it('allows 31 calendar days at most, even across the autumn change (400 otherwise)', async () => {
    const id = await machine();
    expect((await availability(facilitator, id, 'from=2027-10-15&to=2027-11-15')).status).toBe(200); // 31 days and one hour
    for (const query of ['from=2027-01-10&to=2027-02-10T00:15', 'from=2027-01-10&to=2027-01-10', 'from=2027-01-10&to=2027-01-09', 'from=soon', 'to=2027-13-01']) {
      const res = await availability(facilitator, id, query);
      expect({ query, status: res.status, error: res.body.error }).toEqual({ query, status: 400, error: 'VALIDATION_FAILED' });
    }
    expect((await availability(facilitator, randomUUID(), '')).status).toBe(404);
    // An unknown machine is a 404 before a bad range is a 400.
    expect((await availability(facilitator, randomUUID(), 'from=2027-01-10&to=2027-01-09')).status).toBe(404);
    expect((await availability(facilitator, 'nope', '')).status).toBe(404);
    expect((await t.http().get(`/api/machines/${id}/availability`)).status).toBe(401);
  });
});
