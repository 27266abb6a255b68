import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../src/common/time/clock.service.js';
import { waitForInbox } from './factories/notifications.js';
import { LEARNER_PASSWORD, makeLearner, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * Rules that depend on "now" read the application's Clock, so a test can stop it at a chosen
 * instant — far from real time, to show that real time plays no part.
 */
describe('rules at a pinned instant (the Clock)', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
  });
  afterEach(() => t.app.get(Clock).freezeAt(null));
  afterAll(async () => {
    await t.close();
  });

  const freeze = (at: Date) => t.app.get(Clock).freezeAt(at);
  const issue = (participantId: string) => t.http().post(`/api/participants/${participantId}/account`).set(facilitator.auth).send();
  const activate = (code: string, username: string) => t.http().post('/api/auth/activate').send({ code, username, password: LEARNER_PASSWORD });

  it('an activation code is valid for 14 days from its issue, to the minute', async () => {
    const issuedAt = new Date(Math.floor((Date.now() + 200 * DAY) / MINUTE) * MINUTE);
    const [early, late] = [await makeParticipant(t, facilitator), await makeParticipant(t, facilitator)];
    freeze(issuedAt);
    const first = await issue(early.id).expect(201);
    const second = await issue(late.id).expect(201);
    expect(first.body.expiresAt).toBe(new Date(issuedAt.getTime() + 14 * DAY).toISOString());

    freeze(new Date(issuedAt.getTime() + 14 * DAY - MINUTE));
    const inTime = await activate(first.body.code, `pinned.early.${early.id.slice(0, 6)}`);
    expect(inTime.status).toBe(200);
    freeze(new Date(issuedAt.getTime() + 14 * DAY));
    const tooLate = await activate(second.body.code, `pinned.late.${late.id.slice(0, 6)}`);
    expect(tooLate.status).toBe(401);
    expect(tooLate.body.error).toBe('INVALID_CREDENTIALS');
  });

  it('the qualification-expiry sweep run through the admin job runner announces what expires within 30 days of now', async () => {
    const holder = await makeLearner(t, facilitator, { firstName: 'Noé' });
    const now = new Date(Date.now() + 400 * DAY);
    freeze(now);
    await t
      .http()
      .post(`/api/participants/${holder.participant.id}/qualifications`)
      .set(facilitator.auth)
      .send({ category: 'laser_cutter', expiresAt: new Date(now.getTime() + 20 * DAY).toISOString() })
      .expect(201);

    // A day before the notice window opens: nothing to say yet.
    freeze(new Date(now.getTime() - 11 * DAY));
    const early = await t.http().post('/api/admin/jobs/qualification-expiry/run').set(admin.auth).expect(200);
    expect(early.body.outcome).toMatchObject({ expiring: 0, notificationsRecorded: 0 });

    freeze(now);
    const due = await t.http().post('/api/admin/jobs/qualification-expiry/run').set(admin.auth).expect(200);
    expect(due.body.outcome).toMatchObject({ expiring: 1, notificationsRecorded: 1 });
    const [n] = await waitForInbox(t, holder.session, 'qualification_expiring');
    expect(n.data).toMatchObject({ participantId: holder.participant.id, category: 'laser_cutter' });
  });
});
