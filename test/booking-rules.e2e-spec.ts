import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { freezeClock } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Every booking rule at its boundary, with the booking clock stopped at Wednesday 2027-01-06
 * 10:00 in Paris (09:00Z, CET). Default opening hours: Tuesday–Saturday 09:00–12:30, 13:30–18:00.
 */
describe('booking rules at their boundaries', () => {
  const NOW = '2027-01-06T09:00:00.000Z';
  let t: TestApp;
  let admin: Session;
  let trainer: Session;
  let machineId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    trainer = await makeStaff(t, admin, 'trainer');
    machineId = (await makeMachine(t, admin, { requiresQualification: false })).id;
  });
  beforeEach(() => freezeClock(t, NOW));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
  });

  /** Books local times of APP_TIMEZONE (Europe/Paris): `book('2027-01-12', '09:00', '10:00')`. */
  const book = (date: string, start: string, end: string, machine = machineId) =>
    t.http().post('/api/bookings').set(trainer.auth).send({ machineId: machine, kind: 'session', startsAt: `${date}T${start}`, endsAt: `${date}T${end}` });
  const outcome = async (request: ReturnType<typeof book>) => {
    const res = await request;
    return res.status === 201 ? 201 : `${res.status} ${res.body.error}`;
  };
  const freshMachine = async () => (await makeMachine(t, admin, { requiresQualification: false })).id;

  it('grid and length: 15-minute steps, 15 minutes to 8 hours', async () => {
    expect(await outcome(book('2027-01-12', '09:00', '09:15'))).toBe(201);
    expect(await outcome(book('2027-01-12', '09:15', '09:25'))).toBe('400 VALIDATION_FAILED');
    expect(await outcome(book('2027-01-12', '09:20', '09:45'))).toBe('400 VALIDATION_FAILED');
    expect(await outcome(book('2027-01-12', '09:30', '09:30'))).toBe('400 VALIDATION_FAILED');
    expect(await outcome(book('2027-01-12', '09:30:30', '09:45'))).toBe('400 VALIDATION_FAILED');
    expect(await outcome(book('2027-01-12', '09:15', '09:30'))).toBe(201);
  });

  it('not in the past: starting right now is fine, a millisecond late is not', async () => {
    const machine = await freshMachine();
    expect(await outcome(book('2027-01-06', '09:45', '10:00', machine))).toBe('422 IN_THE_PAST');
    expect(await outcome(book('2027-01-06', '10:00', '10:15', machine))).toBe(201);
    freezeClock(t, '2027-01-06T09:15:00.001Z');
    expect(await outcome(book('2027-01-06', '10:15', '10:30', machine))).toBe('422 IN_THE_PAST');
    expect(await outcome(book('2027-01-06', '10:30', '10:45', machine))).toBe(201);
  });

  it('at most 90 days ahead, counted in calendar days across the DST change', async () => {
    // 2027-01-06 10:00 CET + 90 days = Tuesday 2027-04-06 10:00 CEST (08:00Z).
    const res = await book('2027-04-06', '10:00', '10:15');
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe('2027-04-06T08:00:00.000Z');
    const late = await book('2027-04-06', '10:15', '10:30');
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ error: 'TOO_FAR_AHEAD', details: { latestStartsAt: '2027-04-06T08:00:00.000Z' } });
  });

  it('inside opening hours, on both sides of the lunch break', async () => {
    const machine = await freshMachine();
    const tuesday = '2027-01-12';
    expect(await outcome(book(tuesday, '08:45', '09:15', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book(tuesday, '09:00', '12:30', machine))).toBe(201);
    expect(await outcome(book(tuesday, '12:30', '12:45', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book(tuesday, '13:15', '13:45', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book(tuesday, '13:30', '14:00', machine))).toBe(201);
    expect(await outcome(book(tuesday, '17:45', '18:15', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book(tuesday, '17:45', '18:00', machine))).toBe(201);
    const other = await freshMachine();
    expect(await outcome(book(tuesday, '12:00', '14:00', other))).toBe('422 OUTSIDE_OPENING_HOURS'); // spans the break
    expect(await outcome(book('2027-01-11', '10:00', '11:00', other))).toBe('422 OUTSIDE_OPENING_HOURS'); // Monday
    expect(await outcome(book('2027-01-10', '10:00', '11:00', other))).toBe('422 OUTSIDE_OPENING_HOURS'); // Sunday
  });

  it('opening hours are refused before what the machine says: unknown (400) or unavailable (422)', async () => {
    // On PostgreSQL they are read with the machine, in its transaction: the order must not change.
    const monday = '2027-01-11';
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await outcome(book(monday, '10:00', '11:00', unknown))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book('2027-01-12', '10:00', '11:00', unknown))).toBe('400 VALIDATION_FAILED');
    const broken = await freshMachine();
    await t.http().post(`/api/machines/${broken}/status`).set(admin.auth).send({ status: 'out_of_order', reason: 'test' });
    expect(await outcome(book(monday, '10:00', '11:00', broken))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book('2027-01-12', '10:00', '11:00', broken))).toBe('422 MACHINE_UNAVAILABLE');
  });

  it('outside closures: whole days and periods, up to their edges', async () => {
    const hours = await t.http().get('/api/settings/opening-hours').set(admin.auth);
    const put = await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({
        weekly: hours.body.weekly,
        closures: [
          { from: '2027-01-14', to: '2027-01-14', reason: 'Inventaire' },
          { from: '2027-01-15T14:00', to: '2027-01-15T16:00', reason: 'Réunion' },
        ],
      });
    expect(put.status).toBe(200);
    const machine = await freshMachine();
    expect(await outcome(book('2027-01-14', '10:00', '11:00', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book('2027-01-13', '17:00', '18:00', machine))).toBe(201); // the day before is open
    expect(await outcome(book('2027-01-15', '13:30', '14:00', machine))).toBe(201);
    expect(await outcome(book('2027-01-15', '13:45', '14:15', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book('2027-01-15', '15:00', '15:30', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book('2027-01-15', '15:45', '16:15', machine))).toBe('422 OUTSIDE_OPENING_HOURS');
    expect(await outcome(book('2027-01-15', '16:00', '16:30', machine))).toBe(201);
  });

  it('keeps local opening hours on the daylight-saving day; 8 hours is the longest booking', async () => {
    freezeClock(t, '2027-03-20T09:00:00.000Z');
    const hours = await t.http().get('/api/settings/opening-hours').set(admin.auth);
    const put = await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({ weekly: { ...hours.body.weekly, sun: [['08:00', '18:00']] }, closures: hours.body.closures });
    expect(put.status).toBe(200);
    const machine = await freshMachine();

    // Sunday 2027-03-28: clocks go from 02:00 CET to 03:00 CEST; the fablab opens at 08:00 CEST = 06:00Z.
    const sunday = await book('2027-03-28', '08:00', '16:00', machine);
    expect(sunday.status).toBe(201);
    expect(sunday.body).toMatchObject({ startsAt: '2027-03-28T06:00:00.000Z', endsAt: '2027-03-28T14:00:00.000Z' });
    expect(await outcome(book('2027-03-28', '08:00', '16:15', await freshMachine()))).toBe('400 VALIDATION_FAILED');
    const early = await t
      .http()
      .post('/api/bookings')
      .set(trainer.auth)
      .send({ machineId: await freshMachine(), kind: 'session', startsAt: '2027-03-28T05:45:00Z', endsAt: '2027-03-28T06:15:00Z' });
    expect(early.body.error).toBe('OUTSIDE_OPENING_HOURS'); // 07:45 CEST

    // The Saturday before, still CET: 09:00 local is 08:00Z.
    const saturday = await book('2027-03-27', '09:00', '10:00', machine);
    expect(saturday.body.startsAt).toBe('2027-03-27T08:00:00.000Z');
    const beforeOpening = await t
      .http()
      .post('/api/bookings')
      .set(trainer.auth)
      .send({ machineId: machine, kind: 'session', startsAt: '2027-03-27T07:30:00Z', endsAt: '2027-03-27T08:00:00Z' });
    expect(beforeOpening.body.error).toBe('OUTSIDE_OPENING_HOURS'); // 08:30 CET
  });
});
