import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { generateDataset } from '../src/cli/dataset/generate-dataset.js';
import { Clock } from '../src/common/time/clock.service.js';
import { instantOf } from '../src/database/driver-instants.js';
import { makeMachine } from './factories/machines.js';
import { enrol, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { activityMonthsTable, type MonthRow, withParticipantFirst } from './helpers/activity-months.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Activity = { pid: string; pathId: string; code: string | null; at: Date };

/** Every event the statistics counted as activity before the table existed (612b6cc^): enrolments, validated steps, check-ins. */
async function activity(t: TestApp): Promise<Activity[]> {
  const found = [
    ...(await rows<Record<string, unknown>>(
      t,
      'SELECT e.participant_id AS pid, e.path_id AS path, lp.code AS code, e.enrolled_at AS at FROM enrollments e JOIN learning_paths lp ON lp.id = e.path_id',
    )),
    ...(await rows<Record<string, unknown>>(
      t,
      `SELECT pe.participant_id AS pid, e.path_id AS path, lp.code AS code, pe.occurred_at AS at
         FROM progress_events pe JOIN enrollments e ON e.id = pe.enrollment_id JOIN learning_paths lp ON lp.id = e.path_id
        WHERE pe.type = 'validated'`,
    )),
    ...(await rows<Record<string, unknown>>(t, "SELECT participant_id AS pid, '' AS path, NULL AS code, attended_at AS at FROM booking_attendances")),
  ];
  return found.map((r) => ({ pid: String(r.pid), pathId: String(r.path), code: (r.code as string | null) ?? null, at: instantOf(r.at) }));
}

/** The table recomputed from the events (what the migration's backfill writes). */
function expectedTable(events: Activity[]): MonthRow[] {
  const first = new Map<string, Omit<MonthRow, 'participantFirstAt'>>();
  for (const e of events) {
    const at = e.at.toISOString();
    const key = { participantId: e.pid, month: at.slice(0, 7), pathKey: e.pathId };
    const id = `${key.participantId}|${key.month}|${key.pathKey}`;
    const known = first.get(id);
    if (!known || at < known.firstAt) first.set(id, { ...key, firstAt: at });
  }
  return withParticipantFirst([...first.values()]);
}

/** The figures of [from, to) as the pre-change reach query gave them: every event of the range, 'new' when none before it. */
function expectedReach(events: Activity[], from: number, to: number) {
  const inYear = events.filter((e) => e.at.getTime() >= from && e.at.getTime() < to);
  const reached = new Set(inYear.map((e) => e.pid));
  const before = new Set(events.filter((e) => e.at.getTime() < from).map((e) => e.pid));
  const byPath: Record<string, Set<string>> = {};
  for (const e of inYear) if (e.code !== null) (byPath[e.code] ??= new Set()).add(e.pid);
  return {
    reached: reached.size,
    newThisYear: [...reached].filter((pid) => !before.has(pid)).length,
    byPath: Object.fromEntries(Object.entries(byPath).map(([code, pids]) => [code, pids.size]).sort()),
  };
}

/**
 * After every kind of write that adds, moves or removes activity through the API, the stored
 * participant_activity_months equals the table recomputed from the events, and the yearly
 * target equals what the pre-change query (every event of the year) gave.
 */
describe('participant_activity_months stays equal to its events across every write path', () => {
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

  const post = (url: string, body: Record<string, unknown> = {}) => t.http().post(url).set(facilitator.auth).send(body);

  /** A training at `startsAt` (1 h) for `participantIds`, created the day before. */
  async function training(startsAt: Date, participantIds: string[]): Promise<string> {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    clock.freezeAt(new Date(startsAt.getTime() - 86_400_000));
    const res = await post('/api/bookings', {
      machineId: machine.id,
      kind: 'training',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      participantIds,
    }).expect(201);
    return res.body.id as string;
  }

  async function consistent(): Promise<void> {
    const events = await activity(t);
    expect(await activityMonthsTable(t)).toEqual(expectedTable(events));
    for (const year of [2024, 2025, 2026]) {
      const body = (await t.http().get(`/api/stats/target?year=${year}`).set(facilitator.auth).expect(200)).body;
      const byPath = Object.fromEntries(Object.entries(body.byPath as Record<string, number>).filter(([, n]) => n > 0).sort());
      // A Paris calendar year: winter time at both ends.
      const expected = expectedReach(events, Date.UTC(year - 1, 11, 31, 23), Date.UTC(year, 11, 31, 23));
      expect({ year, reached: body.reached, newThisYear: body.newThisYear, byPath }).toEqual({ year, ...expected });
    }
    // Periods starting and ending mid-month, one at the edge of a UTC month.
    for (const [from, to] of [
      ['2025-12-31T23:45:00Z', '2026-06-10T09:00:00Z'],
      ['2026-01-05T10:00:00Z', '2026-04-10T09:30:00Z'],
      ['2026-02-01T10:00:00Z', '2026-07-10T09:00:01Z'],
      ['2025-01-01T10:00:01Z', '2025-12-31T23:00:00Z'],
    ]) {
      const body = (await t.http().get('/api/stats/report').query({ from, to }).set(facilitator.auth).expect(200)).body;
      const byPath = Object.fromEntries(Object.entries(body.public.byPath as Record<string, number>).filter(([, n]) => n > 0).sort());
      const expected = expectedReach(events, Date.parse(from), Date.parse(to));
      expect({ from, reached: body.reached, newThisYear: body.newcomers, byPath }).toEqual({ from, ...expected });
    }
  }

  it('enrolments, step moves and enrolment transitions', async () => {
    const a = await makeParticipant(t, facilitator);
    const b = await makeParticipant(t, facilitator);
    // The last hour of 2025 in UTC is Paris's 2026: the month's row is before the year, the event inside it.
    const first = await enrol(t, facilitator, a.id, 'APPRENDRE', { enrolledAt: '2025-12-31T23:30:00Z' });
    await post(`/api/enrollments/${first.id}/steps/${first.steps[0].stepId}/validate`, { validatedAt: '2026-01-05T10:00:00Z' }).expect(200);
    await post(`/api/enrollments/${first.id}/steps/${first.steps[1].stepId}/validate`, { validatedAt: '2026-02-01T10:00:00Z' }).expect(200);
    await consistent();
    // A validated step cannot be taken back: no write removes a validation.
    await post(`/api/enrollments/${first.id}/steps/${first.steps[1].stepId}/reject`, { reason: 'not quite' }).expect(422);
    await post(`/api/enrollments/${first.id}/withdraw`, { reason: 'moved away' }).expect(200);
    await enrol(t, facilitator, a.id, 'APPRENDRE', { enrolledAt: '2026-03-01T10:00:00Z' });
    const other = await enrol(t, facilitator, b.id, 'FABRIQUER', { enrolledAt: '2024-06-01T10:00:00Z' });
    await post(`/api/enrollments/${other.id}/pause`, { reason: 'holidays' }).expect(200);
    await post(`/api/enrollments/${other.id}/resume`).expect(200);
    await post(`/api/enrollments/${other.id}/steps/${other.steps[0].stepId}/validate`, { validatedAt: '2025-12-31T22:30:00Z' }).expect(200);
    await consistent();
  });

  it('check-ins and check-outs: default attendance, swapped attendees, everyone taken off, attendees changed after check-in', async () => {
    const [c, d, e, f] = await Promise.all([1, 2, 3, 4].map(() => makeParticipant(t, facilitator)));
    try {
      // No list at check-in nor check-out: every planned participant attended.
      const s1 = new Date('2026-04-10T09:00:00Z');
      const b1 = await training(s1, [c.id, d.id]);
      clock.freezeAt(s1);
      await post(`/api/bookings/${b1}/check-in`).expect(200);
      clock.freezeAt(new Date(s1.getTime() + 3_600_000));
      await post(`/api/bookings/${b1}/check-out`).expect(200);

      // d at check-in, e at check-out instead.
      const s2 = new Date('2026-05-12T09:00:00Z');
      const b2 = await training(s2, [d.id, e.id]);
      clock.freezeAt(s2);
      await post(`/api/bookings/${b2}/check-in`, { attendeeIds: [d.id] }).expect(200);
      clock.freezeAt(new Date(s2.getTime() + 3_600_000));
      await post(`/api/bookings/${b2}/check-out`, { attendeeIds: [e.id] }).expect(200);

      // f checked in, then nobody at check-out: f has no activity left.
      const s3 = new Date('2026-06-10T09:00:00Z');
      const b3 = await training(s3, [e.id, f.id]);
      clock.freezeAt(s3);
      await post(`/api/bookings/${b3}/check-in`, { attendeeIds: [e.id, f.id] }).expect(200);
      clock.freezeAt(new Date(s3.getTime() + 3_600_000));
      await post(`/api/bookings/${b3}/check-out`, { attendeeIds: [] }).expect(200);

      // The planned participants changed after check-in, then checked out with the check-in's list.
      const s4 = new Date('2026-07-10T09:00:00Z');
      const b4 = await training(s4, [c.id, f.id]);
      clock.freezeAt(s4);
      await post(`/api/bookings/${b4}/check-in`, { attendeeIds: [c.id, f.id] }).expect(200);
      await t.http().patch(`/api/bookings/${b4}`).set(facilitator.auth).send({ participantIds: [c.id] }).expect(200);
      clock.freezeAt(new Date(s4.getTime() + 3_600_000));
      await post(`/api/bookings/${b4}/check-out`).expect(200);

      // A cancelled booking and a no-show add nothing.
      const s5 = new Date('2026-08-12T09:00:00Z');
      const b5 = await training(s5, [d.id]);
      await post(`/api/bookings/${b5}/cancel`, { reason: 'closed' }).expect(200);
      const s6 = new Date('2026-08-11T09:00:00Z');
      const b6 = await training(s6, [d.id]);
      clock.freezeAt(new Date(s6.getTime() + 600_000));
      await post(`/api/bookings/${b6}/no-show`).expect(200);
    } finally {
      clock.freezeAt(null);
    }
    await consistent();
  });

  it('an erased participant keeps their activity and is still counted', async () => {
    const g = await makeParticipant(t, facilitator);
    const enrolment = await enrol(t, facilitator, g.id, 'EXPERIMENTER', { enrolledAt: '2025-02-03T10:00:00Z' });
    await post(`/api/enrollments/${enrolment.id}/steps/${enrolment.steps[0].stepId}/validate`, { validatedAt: '2026-02-03T10:00:00Z' }).expect(200);
    await t.http().delete(`/api/participants/${g.id}`).set(admin.auth).expect(204);
    await consistent();
  });

  it('the data set generator’s bulk load, written past the services', async () => {
    await generateDataset(t.app.get(DataSource), {
      years: 3,
      participantsPerYear: 12,
      enrollmentsPerParticipant: 2.2,
      bookings: 40,
      learnerAccounts: 0,
      learnerPassword: 'learner-password-1',
      staffPassword: 'staff-password-1',
      timezone: 'Europe/Paris',
      now: new Date('2026-09-15T10:00:00Z'),
      seed: 7,
    });
    await consistent();
  });
});
