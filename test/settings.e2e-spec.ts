import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OpeningHoursService } from '../src/settings/opening-hours.service.js';
import { makeLearner } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = [
  ['09:00', '12:30'],
  ['13:30', '18:00'],
];

describe('settings: opening hours', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    learner = await makeLearner(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the default of config/opening-hours.json to any user', async () => {
    const res = await t.http().get('/api/settings/opening-hours').set(learner.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      timezone: 'Europe/Paris',
      weekly: { mon: [], tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: [] },
      closures: [],
      updatedAt: null,
      updatedBy: null,
    });
    expect((await t.http().get('/api/settings/opening-hours')).status).toBe(401);
  });

  it('documents the routes of this issue in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/settings/opening-hours',
        '/api/machines',
        '/api/machines/{id}/metrics',
        '/api/machines/{id}/incidents',
        '/api/machines/{id}/maintenance-plans',
        '/api/maintenance/due',
        '/api/maintenance/work-orders/{id}/complete',
      ]),
    );
  });

  it('OpeningHoursService answers from the default schedule', async () => {
    const hours = t.app.get(OpeningHoursService);
    // Tuesday 11 March 2025, UTC+1.
    expect(await hours.isWithinOpeningHours(new Date('2025-03-11T09:00:00+01:00'), new Date('2025-03-11T12:30:00+01:00'))).toBe(true);
    expect(await hours.isWithinOpeningHours(new Date('2025-03-11T12:00:00+01:00'), new Date('2025-03-11T14:00:00+01:00'))).toBe(false);
    expect(await hours.isWithinOpeningHours(new Date('2025-03-10T10:00:00+01:00'), new Date('2025-03-10T11:00:00+01:00'))).toBe(false); // Monday
    expect(await hours.isWithinOpeningHours(new Date('2025-03-11T10:00:00+01:00'), new Date('2025-03-11T10:00:00+01:00'))).toBe(false); // empty
  });

  it('refuses bad documents naming each field (400), and keeps the schedule', async () => {
    const res = await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({
        weekly: { tue: [['18:00', '09:00']], holiday: [] },
        closures: [{ from: '2025-12-24', to: '2025-12-20', reason: 'Noël' }],
      });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['weekly.tue[0]', 'weekly.holiday', 'closures[0].to']);
    for (const body of [{}, { weekly: 'always' }, { weekly: {}, closures: 'none' }, { weekly: {}, extra: true }]) {
      expect((await t.http().put('/api/settings/opening-hours').set(admin.auth).send(body)).status).toBe(400);
    }
    expect((await t.http().get('/api/settings/opening-hours').set(admin.auth)).body.updatedAt).toBeNull();
  });

  it('accepts back exactly what GET answers (timezone and audit fields included); another time zone is 400', async () => {
    const got = (await t.http().get('/api/settings/opening-hours').set(admin.auth)).body;
    const put = await t.http().put('/api/settings/opening-hours').set(admin.auth).send(got);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ timezone: got.timezone, weekly: got.weekly, closures: got.closures });
    const again = await t.http().put('/api/settings/opening-hours').set(admin.auth).send(put.body);
    expect(again.status).toBe(200);
    const otherZone = await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ ...got, timezone: 'America/New_York' });
    expect(otherZone.status).toBe(400);
    expect(otherZone.body.details).toEqual([expect.objectContaining({ field: 'timezone' })]);
  });

  it('is edited by admins only (facilitators and learners 403, anonymous 401)', async () => {
    const body = { weekly: { mon: [['10:00', '12:00']] } };
    expect((await t.http().put('/api/settings/opening-hours').set(facilitator.auth).send(body)).status).toBe(403);
    expect((await t.http().put('/api/settings/opening-hours').set(learner.auth).send(body)).status).toBe(403);
    expect((await t.http().put('/api/settings/opening-hours').send(body)).status).toBe(401);
  });

  it('stores an admin edit in the database, and the services use it at once', async () => {
    const res = await t
      .http()
      .put('/api/settings/opening-hours')
      .set(admin.auth)
      .send({
        weekly: { wed: [['14:00', '18:00'], ['09:00', '12:00']], sat: [['10:00', '16:00']] },
        closures: [{ from: '2025-03-15', to: '2025-03-15', reason: 'Fête du quartier' }],
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      weekly: { mon: [], tue: [], wed: [['09:00', '12:00'], ['14:00', '18:00']], thu: [], fri: [], sat: [['10:00', '16:00']], sun: [] },
      closures: [{ from: '2025-03-15', to: '2025-03-15', reason: 'Fête du quartier' }],
      updatedBy: admin.userId,
      updatedAt: expect.any(String),
    });
    expect((await t.http().get('/api/settings/opening-hours').set(facilitator.auth)).body).toEqual(res.body);

    const hours = t.app.get(OpeningHoursService);
    const week = await hours.openIntervals(new Date('2025-03-10T00:00:00+01:00'), new Date('2025-03-24T00:00:00+01:00'));
    expect(week.map((i) => [i.start.toISOString(), i.end.toISOString()])).toEqual([
      ['2025-03-12T08:00:00.000Z', '2025-03-12T11:00:00.000Z'],
      ['2025-03-12T13:00:00.000Z', '2025-03-12T17:00:00.000Z'],
      // Saturday 15 March closed
      ['2025-03-19T08:00:00.000Z', '2025-03-19T11:00:00.000Z'],
      ['2025-03-19T13:00:00.000Z', '2025-03-19T17:00:00.000Z'],
      ['2025-03-22T09:00:00.000Z', '2025-03-22T15:00:00.000Z'],
    ]);
    expect(await hours.isWithinOpeningHours(new Date('2025-03-11T10:00:00+01:00'), new Date('2025-03-11T11:00:00+01:00'))).toBe(false);

    // A second edit replaces the first.
    const again = await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ weekly: { tue: DAY } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ weekly: { tue: DAY, wed: [], sat: [] }, closures: [] });
  });
});
