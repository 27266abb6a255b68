import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../src/common/time/clock.service.js';
import { instantOf } from '../src/database/driver-instants.js';
import { makeMachine } from './factories/machines.js';
import { enrol, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { activityMonthsTable, type MonthRow, withParticipantFirst } from './helpers/activity-months.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';


/** What the table must hold, worked out here from the events themselves (UTC months, '' for check-ins). */
async function fromEvents(t: TestApp): Promise<MonthRow[]> {
  const activity = [
    ...(await rows<Record<string, unknown>>(t, 'SELECT participant_id AS pid, path_id AS path, enrolled_at AS at FROM enrollments')),
    ...(await rows<Record<string, unknown>>(
      t,
      `SELECT pe.participant_id AS pid, e.path_id AS path, pe.occurred_at AS at
         FROM progress_events pe JOIN enrollments e ON e.id = pe.enrollment_id WHERE pe.type = 'validated'`,
    )),
    ...(await rows<Record<string, unknown>>(t, "SELECT participant_id AS pid, '' AS path, attended_at AS at FROM booking_attendances")),
  ];
  const first = new Map<string, Omit<MonthRow, 'participantFirstAt'>>();
  for (const row of activity) {
    const at = instantOf(row.at).toISOString();
    const key = { participantId: String(row.pid), month: at.slice(0, 7), pathKey: String(row.path) };
    const id = `${key.participantId}|${key.month}|${key.pathKey}`;
    const known = first.get(id);
    if (!known || at < known.firstAt) first.set(id, { ...key, firstAt: at });
  }
  return withParticipantFirst([...first.values()]);
}

/**
 * participant_activity_months (the statistics' record of each participant's first activity per
 * month and path) against the events it is drawn from, after each write that creates or removes
 * activity: an enrolment (back-dated), a validated step, a check-in with attendees, a check-out
 * taking one of them off, an erasure (the rows stay), and writes racing for the same person.
 */
describe('the first activity per month kept by every write', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let clock: Clock;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    clock = t.app.get(Clock);
  });

  afterAll(async () => {
    clock.freezeAt(null);
    await t.close();
  });

  it('follows enrolments, validated steps, check-ins and a check-out that takes an attendee off', async () => {
    const x = await makeParticipant(t, facilitator);
    const y = await makeParticipant(t, facilitator);

    const enrolment = await enrol(t, facilitator, x.id, 'APPRENDRE', { enrolledAt: '2025-03-10T10:00:00Z' });
    expect(await activityMonthsTable(t)).toEqual([
      { participantId: x.id, month: '2025-03', pathKey: enrolment.path.id, firstAt: '2025-03-10T10:00:00.000Z', participantFirstAt: '2025-03-10T10:00:00.000Z' },
    ]);

    // Validated later in the same month, then in the next one: only the next month gets a row.
    await t.http().post(`/api/enrollments/${enrolment.id}/steps/${enrolment.steps[0].stepId}/validate`).set(facilitator.auth)
      .send({ validatedAt: '2025-03-20T10:00:00Z' }).expect(200);
    await t.http().post(`/api/enrollments/${enrolment.id}/steps/${enrolment.steps[1].stepId}/validate`).set(facilitator.auth)
      .send({ validatedAt: '2025-04-02T09:00:00Z' }).expect(200);
    expect((await activityMonthsTable(t)).map((r) => [r.month, r.firstAt])).toEqual([
      ['2025-03', '2025-03-10T10:00:00.000Z'],
      ['2025-04', '2025-04-02T09:00:00.000Z'],
    ]);

    // A training both attend at check-in; at check-out only x is kept: y's check-in goes.
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const startsAt = new Date('2026-03-10T09:00:00Z');
    try {
      clock.freezeAt(new Date(startsAt.getTime() - 86_400_000));
      const booking = await t.http().post('/api/bookings').set(facilitator.auth).send({
        machineId: machine.id,
        kind: 'training',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        participantIds: [x.id, y.id],
      }).expect(201);
      clock.freezeAt(startsAt);
      await t.http().post(`/api/bookings/${booking.body.id}/check-in`).set(facilitator.auth).send({ attendeeIds: [x.id, y.id] }).expect(200);
      expect((await activityMonthsTable(t)).filter((r) => r.pathKey === '').map((r) => r.participantId).sort()).toEqual([x.id, y.id].sort());
      clock.freezeAt(new Date(startsAt.getTime() + 3_600_000));
      await t.http().post(`/api/bookings/${booking.body.id}/check-out`).set(facilitator.auth).send({ attendeeIds: [x.id] }).expect(200);
    } finally {
      clock.freezeAt(null);
    }
    const after = await activityMonthsTable(t);
    expect(after.filter((r) => r.pathKey === '')).toEqual([
      { participantId: x.id, month: '2026-03', pathKey: '', firstAt: '2026-03-10T09:00:00.000Z', participantFirstAt: '2025-03-10T10:00:00.000Z' },
    ]);
    expect(after.some((r) => r.participantId === y.id)).toBe(false);
    expect(after).toEqual(await fromEvents(t));
  });

  it('counts activity of a period that starts mid-month after earlier activity of the same month and path', async () => {
    // The March row of the path holds the 10 March validation, before the period: the 20 March one
    // is found among the events of [15 March, 1 April), and the 20 June one is after the period.
    const w = await makeParticipant(t, facilitator);
    const enrolment = await enrol(t, facilitator, w.id, 'FABRIQUER', { enrolledAt: '2023-02-01T10:00:00Z' });
    for (const [i, validatedAt] of ['2023-03-10T10:00:00Z', '2023-03-20T10:00:00Z', '2023-06-20T10:00:00Z'].entries()) {
      await t.http().post(`/api/enrollments/${enrolment.id}/steps/${enrolment.steps[i].stepId}/validate`).set(facilitator.auth)
        .send({ validatedAt }).expect(200);
    }
    const report = async (from: string, to: string) =>
      (await t.http().get(`/api/stats/report?from=${from}&to=${to}`).set(facilitator.auth).expect(200)).body;
    expect(await report('2023-03-15', '2023-06-15')).toMatchObject({ reached: 1, newcomers: 0, public: { byPath: { FABRIQUER: 1 } } });
    expect(await report('2023-03-21', '2023-06-15')).toMatchObject({ reached: 0 });
    expect(await report('2023-06-21', '2023-06-30')).toMatchObject({ reached: 0 });
    expect(await report('2023-02-01', '2023-02-02')).toMatchObject({ reached: 1, newcomers: 1 });
  });

  it('keeps an erased participant’s rows, and the target still counts them', async () => {
    const z = await makeParticipant(t, facilitator);
    await enrol(t, facilitator, z.id, 'FABRIQUER', { enrolledAt: '2024-05-06T10:00:00Z' });
    const before = (await activityMonthsTable(t)).filter((r) => r.participantId === z.id);
    expect(before).toHaveLength(1);
    await t.http().delete(`/api/participants/${z.id}`).set(admin.auth).expect(204);
    expect((await activityMonthsTable(t)).filter((r) => r.participantId === z.id)).toEqual(before);
    const res = await t.http().get('/api/stats/target?year=2024').set(facilitator.auth).expect(200);
    expect(res.body).toMatchObject({ reached: 1, newThisYear: 1, byPath: { FABRIQUER: 1 } });
  });

  it('stays exact when writes for the same young people race', async () => {
    const people = await Promise.all([1, 2, 3, 4].map(() => makeParticipant(t, facilitator)));
    const first = await Promise.all(people.map((p) => enrol(t, facilitator, p.id, 'EXPERIMENTER', { enrolledAt: '2025-09-15T10:00:00Z' })));
    const responses = await Promise.all(
      people.flatMap((p, i) => [
        t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'APPRENDRE', enrolledAt: '2025-09-03T10:00:00Z' }),
        t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'FABRIQUER', enrolledAt: '2025-09-20T10:00:00Z' }),
        t.http().post(`/api/enrollments/${first[i].id}/steps/${first[i].steps[0].stepId}/validate`).set(facilitator.auth)
          .send({ validatedAt: '2025-09-16T10:00:00Z' }),
      ]),
    );
    expect(responses.map((r) => r.status)).toEqual(people.flatMap(() => [201, 201, 200]));
    const kept = await activityMonthsTable(t);
    expect(kept).toEqual(await fromEvents(t));
    for (const p of people) {
      expect(kept.filter((r) => r.participantId === p.id && r.month === '2025-09').map((r) => r.firstAt).sort()).toEqual([
        '2025-09-03T10:00:00.000Z',
        '2025-09-15T10:00:00.000Z',
        '2025-09-20T10:00:00.000Z',
      ]);
    }
  });
});
