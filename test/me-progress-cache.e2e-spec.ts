import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Session } from './helpers/auth.js';
import { loginAdmin } from './helpers/auth.js';
import { waitFor } from './helpers/processes.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { WriteGeneration } from '../src/database/write-generation.subscriber.js';
import { freezeClock, makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { inbox, sleep, waitForInbox } from './factories/notifications.js';
import { enrol, makeLearner, type EnrollmentBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';

interface Progress {
  participantId: string;
  firstName: string;
  enrollments: EnrollmentBody[];
  nextStep: { stepId: string; status: string } | null;
  qualifications: Array<{ id: string; category: string }>;
  upcomingBookings: Array<{ id: string }>;
  unreadNotifications: number;
}

/** Waits until this process has nothing left to write (deliveries of earlier events), returns the generation. */
async function quiet(t: TestApp): Promise<number> {
  const writes = t.app.get(WriteGeneration);
  let last = -1;
  await waitFor(async () => {
    const still = writes.current === last;
    last = writes.current;
    if (!still) await sleep(200);
    return still;
  }, 10_000, 'no more writes');
  return writes.current;
}

/**
 * GET /me/progress is kept in memory between requests (PROGRESS_CACHE_SECONDS, 10 s by default):
 * each read below comes right after a write, well within that time, so a dashboard served from
 * memory after a write would fail these tests.
 */
describe('GET /me/progress served from memory: never stale after a write of this process', () => {
  let t: TestApp;
  let facilitator: Session;
  let learner: Awaited<ReturnType<typeof makeLearner>>;
  let enrollment: EnrollmentBody;
  const progress = async (session: Session = learner.session): Promise<Progress> => {
    const res = await t.http().get('/api/me/progress').set(session.auth);
    expect(res.status).toBe(200);
    return res.body as Progress;
  };

  beforeAll(async () => {
    t = await createTestApp();
    expect(t.config.progressCacheSeconds).toBe(10);
    const admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    learner = await makeLearner(t, facilitator, { firstName: 'Inès' });
    enrollment = await enrol(t, facilitator, learner.participant.id, 'EXPERIMENTER');
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the same dashboard again while nothing changes', async () => {
    const first = await progress();
    expect(first).toMatchObject({ participantId: learner.participant.id, firstName: 'Inès', unreadNotifications: 0 });
    expect(await progress()).toEqual(first);
  });

  it('shows a step the learner submits, then its validation by a facilitator', async () => {
    const stepId = enrollment.steps[0].stepId;
    expect((await progress()).nextStep).toMatchObject({ stepId, status: 'todo' });
    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${stepId}/submit`).set(learner.session.auth).send({ note: 'fait' }).expect(200);
    expect((await progress()).nextStep).toMatchObject({ stepId, status: 'submitted' });

    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${stepId}/validate`).set(facilitator.auth).send({}).expect(200);
    const after = await progress();
    expect(after.enrollments[0].steps[0].status).toBe('validated');
    expect(after.nextStep?.stepId).toBe(enrollment.steps[1].stepId);
  });

  it('shows a qualification granted, then not once revoked', async () => {
    const before = (await progress()).qualifications.length;
    const granted = await t.http().post(`/api/participants/${learner.participant.id}/qualifications`).set(facilitator.auth).send({ category: 'laser_cutter' });
    expect(granted.status).toBe(201);
    expect((await progress()).qualifications.map((q) => q.id)).toContain(granted.body.id);
    await t.http().delete(`/api/participants/${learner.participant.id}/qualifications/${granted.body.id}`).set(facilitator.auth).expect(204);
    const after = await progress();
    expect(after.qualifications.map((q) => q.id)).not.toContain(granted.body.id);
    expect(after.qualifications).toHaveLength(before);
  });

  it('shows a booking made for them, its cancellation, the notification and its reading', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const day = nextWeekday(t, 'wed', 3);
    expect((await progress()).upcomingBookings).toEqual([]);
    const booking = await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '14:00', '15:00'), participantIds: [learner.participant.id] });
    expect((await progress()).upcomingBookings.map((b) => b.id)).toEqual([booking.id]);

    await t.http().post(`/api/bookings/${booking.id}/cancel`).set(facilitator.auth).send({ reason: 'Machine prêtée' }).expect(200);
    expect((await progress()).upcomingBookings).toEqual([]);
    // The cancellation reaches the learner's inbox (delivered by the worker of this process).
    await waitForInbox(t, learner.session, 'booking_cancelled', 1);
    const unread = (await inbox(t, learner.session, '&unread=true')).length;
    expect(unread).toBeGreaterThan(0);
    expect((await progress()).unreadNotifications).toBe(unread);
    await t.http().post('/api/me/notifications/read-all').set(learner.session.auth).expect(200);
    expect((await progress()).unreadNotifications).toBe(0);
  });

  it('drops a booking once it has ended, nothing being written in between (the clock alone)', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    const booking = await makeBooking(t, facilitator, {
      machineId: machine.id,
      ...slot(nextWeekday(t, 'thu', 3), '10:00', '11:00'),
      participantIds: [learner.participant.id],
    });
    const generation = await quiet(t);
    try {
      expect((await progress()).upcomingBookings.map((b) => b.id)).toEqual([booking.id]);
      freezeClock(t, new Date(Date.parse(booking.endsAt) - 60_000));
      expect((await progress()).upcomingBookings.map((b) => b.id)).toEqual([booking.id]);
      freezeClock(t, new Date(Date.parse(booking.endsAt) + 60_000));
      expect((await progress()).upcomingBookings).toEqual([]);
      // A clock set back (tests do) reads again too.
      freezeClock(t, new Date(Date.parse(booking.endsAt) - 60_000));
      expect((await progress()).upcomingBookings.map((b) => b.id)).toEqual([booking.id]);
      expect(t.app.get(WriteGeneration).current).toBe(generation);
    } finally {
      freezeClock(t, null);
    }
  });

  it('shows a first name corrected by a facilitator', async () => {
    expect((await progress()).firstName).toBe('Inès');
    await t.http().patch(`/api/participants/${learner.participant.id}`).set(facilitator.auth).send({ firstName: 'Inès-Marie' }).expect(200);
    expect((await progress()).firstName).toBe('Inès-Marie');
  });

  it("never serves one learner another's dashboard", async () => {
    const other = await makeLearner(t, facilitator, { firstName: 'Yanis' });
    const [mine, theirs] = await Promise.all([progress(), progress(other.session)]);
    expect(mine.participantId).toBe(learner.participant.id);
    expect(theirs).toMatchObject({ participantId: other.participant.id, firstName: 'Yanis', enrollments: [] });
    expect((await progress(other.session)).participantId).toBe(other.participant.id);
  });
});

describe('GET /me/progress served from memory: what another process writes shows within PROGRESS_CACHE_SECONDS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PROGRESS_CACHE_SECONDS: '1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a change made outside this process is served at most that late', async () => {
    const admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator');
    const learner = await makeLearner(t, facilitator, { firstName: 'Léa' });
    const read = async () => (await t.http().get('/api/me/progress').set(learner.session.auth)).body as Progress;
    // Once this process has nothing left to write (notifications of the set-up), a read is kept.
    const writes = t.app.get(WriteGeneration);
    await quiet(t);
    expect((await read()).firstName).toBe('Léa');
    const generation = writes.current;

    // Raw SQL, as another process would write: this process is not told.
    const placeholder = t.config.database.type === 'postgres' ? '$1' : '?';
    await t.dataSource.query(`UPDATE participants SET first_name = 'Lou' WHERE id = ${placeholder}`, [learner.participant.id]);
    expect((await read()).firstName).toBe('Léa');
    expect(writes.current).toBe(generation);
    await sleep(1_100);
    expect((await read()).firstName).toBe('Lou');
  });
});
