import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { waitForInbox } from './factories/notifications.js';
import { enrol, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { login, loginAdmin, type Session } from './helpers/auth.js';
import { phoneJpeg } from './helpers/photos.js';
import { createTestApp, TEST_REDIS_URL, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;
/** Strings no one else has: found anywhere after the erasure, they are a leak. */
const LAST = `Vrombaldi${randomBytes(3).toString('hex')}`;
const FIRST = 'Oriane';
const PHONE = '06 98 76 54 32';

const everyFileUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? everyFileUnder(path) : [path];
  });

/**
 * The hostile reading of "erasure": after DELETE /participants/:id, not one row of any table, not
 * one file under DATA_DIR, not one key of the app's queues names the person — wherever the
 * application copied what they, or staff about them, wrote (a blocking incident's text becomes a
 * work order, a status reason and staff notifications; a booking title; a step's note).
 */
describe('erasure leaves no trace in any table, file or queue', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fablab-erasure-'));
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let participantId: string;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, INACTIVITY_DAYS: '21' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    const participant = await makeParticipant(t, facilitator, {
      firstName: FIRST,
      lastName: LAST,
      contact: { email: `${LAST.toLowerCase()}@example.org`, phone: PHONE },
    });
    participantId = participant.id;
    const issued = await t.http().post(`/api/participants/${participantId}/account`).set(facilitator.auth).send().expect(201);
    const username = `${LAST.toLowerCase()}.o`;
    await t.http().post('/api/auth/activate').send({ code: issued.body.code, username, password: 'learner-password-1' }).expect(200);
    learner = await login(t, username, 'learner-password-1');

    // Their path: a submitted step with their words, a photo, a validation note naming them.
    const enrollment = await enrol(t, facilitator, participantId, 'FABRIQUER', { enrolledAt: new Date(Date.now() - 30 * DAY).toISOString() });
    const step = enrollment.steps[0].stepId;
    // Inactive for 30 days: the sweep alerts the facilitators, naming them.
    await t.http().post('/api/admin/jobs/inactivity/run').set(admin.auth).expect(200);
    await waitForInbox(t, facilitator, 'participant_stalled', 1, (n) => n.data.participantId === participantId);
    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${step}/submit`).set(learner.auth).send({ note: `Fait par ${FIRST} ${LAST}` });
    await t
      .http()
      .post(`/api/enrollments/${enrollment.id}/steps/${step}/photos`)
      .set(facilitator.auth)
      .attach('photo', await phoneJpeg(), { filename: `${LAST}.jpg`, contentType: 'image/jpeg' })
      .expect(201);
    await t.http().post(`/api/enrollments/${enrollment.id}/steps/${step}/validate`).set(facilitator.auth).send({ note: `Bravo ${LAST}` });

    // Their own booking, titled with their name.
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    freezeClock(t, '2027-01-06T09:00:00.000Z');
    await makeBooking(t, learner, { machineId: machine.id, kind: 'open_lab', startsAt: '2027-01-19T09:00:00.000Z', endsAt: '2027-01-19T10:00:00.000Z', title: `Porte-clés de ${LAST}` });
    freezeClock(t, null);

    // A blocking incident in their own words, on another machine, with a session booked on it.
    const broken = await makeMachine(t, facilitator, { requiresQualification: false });
    const report = await t
      .http()
      .post(`/api/machines/${broken.id}/incidents`)
      .set(learner.auth)
      .send({ severity: 'blocking', description: `La courroie a cassé sous mes yeux — ${FIRST} ${LAST}, ${PHONE}` });
    expect(report.status).toBe(201);
    await waitForInbox(t, facilitator, 'machine_down');

    // Sanity: the needle is there before the erasure (the scan below can find it).
    expect(await tablesNaming(LAST)).not.toEqual([]);
    await t.http().delete(`/api/participants/${participantId}`).set(admin.auth).expect(204);
  });
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every table the application maps, read whole: the tables (and columns) whose text holds `needle`. */
  async function tablesNaming(needle: string): Promise<string[]> {
    const found: string[] = [];
    for (const table of [...new Set(t.dataSource.entityMetadatas.map((m) => m.tableName))].sort()) {
      const rows: Record<string, unknown>[] = await t.dataSource.query(`SELECT * FROM "${table}"`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          const text = value instanceof Date ? '' : typeof value === 'string' ? value : JSON.stringify(value ?? '');
          if (text.toLowerCase().includes(needle.toLowerCase())) found.push(`${table}.${column}`);
        }
      }
    }
    return [...new Set(found)];
  }

  it('no table holds their name, their phone or their username', async () => {
    expect(await tablesNaming(LAST)).toEqual([]);
    expect(await tablesNaming(PHONE)).toEqual([]);
  });

  it('no file under DATA_DIR holds their name or their photo', async () => {
    const files = everyFileUnder(dataDir);
    expect(files.filter((file) => file.includes(LAST))).toEqual([]);
    expect(files.filter((file) => file.includes('evidence'))).toEqual([]);
    expect(files.filter((file) => readFileSync(file).includes(Buffer.from(LAST)))).toEqual([]);
  });

  it('no key of the queues in Redis holds their name', async () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const leaks: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.config.queuePrefix}*`, 'COUNT', 500);
        for (const key of keys) {
          const type = await redis.type(key);
          const value =
            type === 'hash' ? JSON.stringify(await redis.hgetall(key))
            : type === 'string' ? await redis.get(key)
            : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
            : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
            : '';
          if (value?.toLowerCase().includes(LAST.toLowerCase())) leaks.push(key);
        }
        cursor = next;
      } while (cursor !== '0');
      expect(leaks).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
