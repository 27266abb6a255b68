import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { waitForInbox } from './factories/notifications.js';
import { enrol, makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { RawReader } from '../src/database/raw-reader.service.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;
/** A name no one else has: found anywhere after the erasure, it is a leak. */
const FIRST = 'Zephyrine';
const LAST = `Quastelbaum${randomBytes(3).toString('hex')}`;

/**
 * "Everything held on the person" — exported, then erased: the bookings they were planned in and
 * attended, the incidents they reported, their inbox and preferences, their calendar feed; after
 * the erasure, no staff message names them, their incident text is gone, and on SQLite not even
 * the write-ahead log or the database file's free space holds their name.
 */
describe('GDPR: the export is complete and the erasure leaves no trace', () => {
  const sqliteFile = join(tmpdir(), `fablab-gdpr-${randomBytes(4).toString('hex')}.sqlite`);
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let learner: { participant: ParticipantBody; session: Session; username: string };
  let machineId: string;
  let bookingId: string;
  let incidentId: string;

  beforeAll(async () => {
    t = await createTestApp({ INACTIVITY_DAYS: '21', ...(onPostgres() ? {} : { DATABASE_URL: `sqlite:${sqliteFile}` }) });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    learner = await makeLearner(t, facilitator, { firstName: FIRST, lastName: LAST, contact: { email: `${LAST.toLowerCase()}@example.org` } });
    await enrol(t, facilitator, learner.participant.id, 'FABRIQUER', { enrolledAt: new Date(Date.now() - 30 * DAY).toISOString() });

    // Planned in a booking, then there: checked in and out on a stopped clock.
    machineId = (await makeMachine(t, facilitator, { requiresQualification: false })).id;
    freezeClock(t, '2027-01-06T09:00:00.000Z');
    const booking = await makeBooking(t, facilitator, {
      machineId,
      startsAt: '2027-01-12T09:00:00.000Z',
      endsAt: '2027-01-12T11:00:00.000Z',
      participantIds: [learner.participant.id],
    });
    bookingId = booking.id;
    freezeClock(t, '2027-01-12T09:05:00.000Z');
    await t.http().post(`/api/bookings/${bookingId}/check-in`).set(facilitator.auth).send({}).expect(200);
    freezeClock(t, '2027-01-12T11:00:00.000Z');
    await t.http().post(`/api/bookings/${bookingId}/check-out`).set(facilitator.auth).send({}).expect(200);
    freezeClock(t, null);

    // A report in their own words, their preferences, a calendar feed.
    const incident = await t
      .http()
      .post(`/api/machines/${machineId}/incidents`)
      .set(learner.session.auth)
      .send({ severity: 'minor', description: `La buse est bouchée — ${FIRST} ${LAST}, 06 12 34 56 78` });
    expect(incident.status).toBe(201);
    incidentId = incident.body.incident?.id ?? incident.body.id;
    await t.http().put('/api/me/notification-preferences').set(learner.session.auth).send({ email: { booking_reminder: false } }).expect(200);
    await t.http().post('/api/me/calendar-token').set(learner.session.auth).send().expect(201);

    // The inactivity sweep: a nudge in their inbox, and a facilitator alert naming them.
    await t.http().post('/api/admin/jobs/inactivity/run').set(admin.auth).expect(200);
    await waitForInbox(t, learner.session, 'inactivity_nudge');
    const [alert] = await waitForInbox(t, facilitator, 'participant_stalled', 1, (n) => n.data.participantId === learner.participant.id);
    expect(alert.title).toContain(LAST);
  });
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqliteFile}${suffix}`, { force: true });
  });

  it('GET /participants/:id/export holds bookings planned and attended, incidents reported, notifications, preferences and the calendar feed', async () => {
    const res = await t.http().get(`/api/participants/${learner.participant.id}/export`).set(facilitator.auth);
    expect(res.status).toBe(200);
    expect(res.body.bookings.planned).toEqual([expect.objectContaining({ id: bookingId, machineId, status: 'completed', startsAt: '2027-01-12T09:00:00.000Z' })]);
    expect(res.body.bookings.attended).toEqual([expect.objectContaining({ bookingId, machineId, attendedAt: '2027-01-12T09:05:00.000Z' })]);
    expect(res.body.bookings.made).toEqual([]);
    expect(res.body.incidentsReported).toEqual([expect.objectContaining({ id: incidentId, machineId, severity: 'minor', description: expect.stringContaining(LAST) })]);
    expect(res.body.notifications).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'inactivity_nudge', title: expect.any(String) })]));
    expect(res.body.notificationPreferences).toMatchObject({ email: { booking_reminder: false } });
    expect(res.body.calendarFeed).toEqual({ exists: true, createdAt: expect.any(String) });
    // The feed's token itself is never exported (only its hash is kept).
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
  });

  it('DELETE /participants/:id: staff messages no longer name them, their incident text is gone', async () => {
    await t.http().delete(`/api/participants/${learner.participant.id}`).set(admin.auth).expect(204);

    const staffInbox = await t.http().get('/api/me/notifications?limit=200').set(facilitator.auth).expect(200);
    const aboutThem = staffInbox.body.items.filter((n: { data: { participantId?: string } }) => n.data.participantId === learner.participant.id);
    expect(aboutThem).toHaveLength(1);
    expect(JSON.stringify(staffInbox.body)).not.toContain(LAST);
    expect(JSON.stringify(staffInbox.body)).not.toContain(FIRST);

    const incidents = await t.http().get(`/api/machines/${machineId}/incidents`).set(facilitator.auth).expect(200);
    const report = incidents.body.items.find((i: { id: string }) => i.id === incidentId);
    expect(report).toMatchObject({ severity: 'minor' });
    expect(report.description).not.toContain(LAST);
    expect(report.description).not.toContain('06 12 34 56 78');
  });

  (onPostgres() ? it.skip : it)('on SQLite, neither the database file nor its write-ahead log still holds the name', async () => {
    // Read the files as the erasure left them (the app keeps the database open, as in production).
    for (const suffix of ['', '-wal']) {
      const file = `${sqliteFile}${suffix}`;
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect({ file: suffix || 'db', found: bytes.includes(Buffer.from(LAST)) }).toEqual({ file: suffix || 'db', found: false });
    }
  });

  // Twenty seconds at most: the read alone takes about seven.
  (onPostgres() ? it.skip : it)('on SQLite, an erasure made while a long read runs on a read connection still empties the log', async () => {
    const other = `Brouquemiche${randomBytes(3).toString('hex')}`;
    const person = await makeParticipant(t, facilitator, { firstName: 'Anaïs', lastName: other });
    // A statement of several seconds on a read connection (far longer than the half second a
    // checkpoint keeps trying for): it holds a snapshot of the log from its start to its end.
    const longRead = t.app
      .get(RawReader)
      .rows(
        `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 25000000)
         SELECT COUNT(*) AS c FROM (SELECT id FROM participants LIMIT 1) AS p CROSS JOIN n`,
      );
    await t.http().delete(`/api/participants/${person.id}`).set(admin.auth).expect(204);
    const log = `${sqliteFile}-wal`;
    expect({ logBytes: existsSync(log) ? statSync(log).size : 0, named: existsSync(log) && readFileSync(log).includes(Buffer.from(other)) }).toEqual({
      logBytes: 0,
      named: false,
    });
    expect(await longRead).toEqual([{ c: 25_000_000 }]);
  }, 60_000);
});
