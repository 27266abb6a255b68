import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../src/common/queues/queues.constants.js';
import { BookingMovedKind1764660000014 } from '../src/database/migrations/1764660000014-booking-moved-kind.js';
import { NotificationDeliveryService } from '../src/notifications/notification-delivery.service.js';
import { type BookingBody, freezeClock, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { inbox, type NotificationBody, outboxEntries, waitForInbox, waitForOutboxSettled } from './factories/notifications.js';
import { makeLearner } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { rows } from './helpers/db.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

/**
 * booking_moved through HTTP, with the app's worker delivering and a real SMTP server: the booking
 * clock is stopped on Wednesday 2027-01-06; sessions are booked on Tuesday 12 January, 10:00–11:00
 * in Paris (the fablab's default opening hours and time zone), and moved to Thursday or Friday.
 */
describe('booking_moved: the people of a booking are told its new time', () => {
  const SLOT = { startsAt: '2027-01-12T09:00:00.000Z', endsAt: '2027-01-12T10:00:00.000Z' };
  const THURSDAY = { startsAt: '2027-01-14T13:00:00.000Z', endsAt: '2027-01-14T14:30:00.000Z' };
  const FRIDAY = { startsAt: '2027-01-15T14:00:00.000Z', endsAt: '2027-01-15T15:00:00.000Z' };
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let trainer: Session & { user: { id: string; email?: string; partnerId: string | null } };
  let sami: Awaited<ReturnType<typeof makeLearner>>;
  let noa: Awaited<ReturnType<typeof makeLearner>>;
  let queue: Queue;
  let machines = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_TIMEZONE: 'Europe/Paris' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    const referred = { referredByPartnerId: trainer.user.partnerId };
    sami = await makeLearner(t, facilitator, { ...referred, firstName: 'Sami', contact: { email: 'sami@example.test' } });
    noa = await makeLearner(t, facilitator, { ...referred, firstName: 'Noa' });
    queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications));
  });
  beforeEach(() => freezeClock(t, '2027-01-06T09:00:00.000Z'));
  afterAll(async () => {
    freezeClock(t, null);
    await t.close();
    await smtp.close();
  });

  /** A session of the trainer's for Sami and Noa, on a machine of its own (its name in the e-mail subjects). */
  const book = async (): Promise<{ booking: BookingBody; machine: string }> => {
    const machine = `Imprimante Bambu n°${++machines}`;
    const { id } = await makeMachine(t, facilitator, { name: machine, requiresQualification: false });
    const booking = await makeBooking(t, trainer, { machineId: id, ...SLOT, title: 'Atelier porte-clés', participantIds: [sami.participant.id, noa.participant.id] });
    return { booking, machine };
  };
  const move = (booking: BookingBody, by: Session, to: { startsAt: string; endsAt: string }) =>
    t.http().patch(`/api/bookings/${booking.id}`).set(by.auth).send(to).expect(200);
  const movedNotices = async (session: Session, booking: BookingBody): Promise<NotificationBody[]> =>
    (await inbox(t, session)).filter((n) => n.kind === 'booking_moved' && n.data.bookingId === booking.id);
  const mailsAbout = (address: string, machine: string) => smtp.to(address).filter((m) => m.subject.includes(`${machine} est déplacée`));
  /** Moves made while the worker takes no job: what it finds when it takes them again. */
  const beforeDelivery = async (changes: () => Promise<unknown>) => {
    await queue.pause();
    try {
      await changes();
    } finally {
      await queue.resume();
    }
  };

  it('a move tells the author and each attendee once, in the inbox and by e-mail, with the new time in Paris; not whoever moved it', async () => {
    const { booking, machine } = await book();
    await move(booking, facilitator, THURSDAY);

    const [entry] = await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });
    expect(entry).toMatchObject({ status: 'sent', jobId: `outbox-${entry.id}` });
    const title = `Votre séance sur ${machine} est déplacée au jeudi 14 janvier 2027 à 14h00`;
    for (const session of [sami.session, noa.session, trainer]) {
      const notices = await movedNotices(session, booking);
      expect(notices).toHaveLength(1);
      expect(notices[0].title).toBe(title);
      expect(notices[0].body).toContain(`votre séance « Atelier porte-clés » sur ${machine} est déplacée au jeudi 14 janvier 2027 à 14h00 (jusqu'à 15h30).`);
      expect(notices[0].body).toContain('Elle était prévue le mardi 12 janvier 2027 à 10h00.');
      expect(notices[0].data).toMatchObject({ bookingId: booking.id, startsAt: THURSDAY.startsAt });
    }
    expect(await movedNotices(facilitator, booking)).toEqual([]);
    // E-mailed (on by default) once to each address there is: Sami's contact address, the trainer's.
    expect(mailsAbout('sami@example.test', machine).map((m) => m.subject)).toEqual([title]);
    expect(mailsAbout('sami@example.test', machine)[0].text).toContain('Elle était prévue le mardi 12 janvier 2027 à 10h00.');
    expect(mailsAbout(trainer.user.email as string, machine)).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject === title)).toHaveLength(2);
  });

  it('told again at a later move, and never to whoever made it; delivering again sends nothing more', async () => {
    const { booking, machine } = await book();
    await move(booking, facilitator, THURSDAY);
    const [first] = await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });

    // The trainer moves it again: the young people are told, the trainer (who moved it) is not.
    await move(booking, trainer, FRIDAY);
    const told = await waitForInbox(t, sami.session, 'booking_moved', 2, (n) => n.data.bookingId === booking.id);
    expect(told.map((n) => n.title)).toEqual([
      `Votre séance sur ${machine} est déplacée au vendredi 15 janvier 2027 à 15h00`,
      `Votre séance sur ${machine} est déplacée au jeudi 14 janvier 2027 à 14h00`,
    ]);
    expect(told[0].body).toContain('Elle était prévue le jeudi 14 janvier 2027 à 14h00.');
    const [again] = await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });
    expect(again.id).toBe(first.id);
    expect((await movedNotices(trainer, booking)).map((n) => n.data.startsAt)).toEqual([THURSDAY.startsAt]);
    expect(await movedNotices(noa.session, booking)).toHaveLength(2);

    const delivery = t.app.get(NotificationDeliveryService);
    expect(await delivery.deliver(again.id)).toEqual({ status: 'skipped', reason: 'already sent' });
    expect(await movedNotices(sami.session, booking)).toHaveLength(2);
    expect(mailsAbout('sami@example.test', machine)).toHaveLength(2);
  });

  it('two moves before delivery are told once, with the time the booking has then and the one they knew', async () => {
    const { booking, machine } = await book();
    await beforeDelivery(async () => {
      await move(booking, facilitator, THURSDAY);
      await move(booking, facilitator, FRIDAY);
      const entries = await outboxEntries(t, { subjectId: booking.id, kind: 'booking_moved' });
      expect(entries.map((e) => e.status)).toEqual(['pending']);
    });

    await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });
    for (const session of [sami.session, noa.session, trainer]) {
      const notices = await movedNotices(session, booking);
      expect(notices.map((n) => n.title)).toEqual([`Votre séance sur ${machine} est déplacée au vendredi 15 janvier 2027 à 15h00`]);
      expect(notices[0].body).toContain('Elle était prévue le mardi 12 janvier 2027 à 10h00.');
    }
    expect(mailsAbout('sami@example.test', machine)).toHaveLength(1);
  });

  it('moved then cancelled before delivery: the cancellation is told, no stale time', async () => {
    const { booking, machine } = await book();
    await beforeDelivery(async () => {
      await move(booking, facilitator, THURSDAY);
      await t.http().post(`/api/bookings/${booking.id}/cancel`).set(facilitator.auth).send({ reason: 'Machine prêtée' }).expect(200);
    });

    const [cancelled] = await waitForInbox(t, sami.session, 'booking_cancelled', 1, (n) => n.data.bookingId === booking.id);
    expect(cancelled.body).toContain('Motif : Machine prêtée.');
    const [entry] = await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });
    expect(entry).toMatchObject({ status: 'skipped', outcome: 'booking cancelled' });
    for (const session of [sami.session, noa.session, trainer]) expect(await movedNotices(session, booking)).toEqual([]);
    await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_cancelled' });
    expect(mailsAbout('sami@example.test', machine)).toEqual([]);
  });

  it('nothing to tell: moved back before delivery to the time they knew, or only the attendees changed', async () => {
    const { booking } = await book();
    await beforeDelivery(async () => {
      await move(booking, facilitator, THURSDAY);
      await move(booking, facilitator, SLOT);
    });
    const [entry] = await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_moved' });
    expect(entry).toMatchObject({ status: 'skipped', outcome: 'booking back at the announced time' });

    const other = await book();
    await t.http().patch(`/api/bookings/${other.booking.id}`).set(facilitator.auth).send({ participantIds: [sami.participant.id] }).expect(200);
    expect(await outboxEntries(t, { subjectId: other.booking.id, kind: 'booking_moved' })).toEqual([]);
    for (const session of [sami.session, noa.session, trainer]) {
      expect(await movedNotices(session, booking)).toEqual([]);
      expect(await movedNotices(session, other.booking)).toEqual([]);
    }
  });

  it('is a kind of the contract: in the OpenAPI document and in the e-mail preferences, on by default', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(doc.components.schemas.NotificationKind.enum).toContain('booking_moved');
    const prefs = await t.http().get('/api/me/notification-preferences').set(sami.session.auth).expect(200);
    expect(prefs.body.email.booking_moved).toBe(true);
  });

  it('a database made before booking_moved takes its rows once migrated (the kind checks are widened)', async () => {
    const migration = new BookingMovedKind1764660000014();
    const runner = t.dataSource.createQueryRunner();
    // Raw SQL, as a database would be written to (no entity events).
    const insert = () =>
      rows(
        t,
        `INSERT INTO outbox (id, kind, subject_type, subject_id, due_at, status, dedupe_key, job_id, attempts, data)
         VALUES ($1, 'booking_moved', 'booking', 'migration-test', '2030-01-01 00:00:00.000', 'skipped', 'booking_moved:migration-test', 'outbox-migration-test', 0, '{}')`,
        [randomUUID()],
      );
    // What the tables hold besides booking_moved, and their indexes, come through (SQLite rebuilds a table to change a check).
    const kept = async () => ({
      rows: await rows(t, `SELECT id FROM outbox WHERE kind <> 'booking_moved' UNION ALL SELECT id FROM notifications WHERE kind <> 'booking_moved' ORDER BY id`),
      indexes: onPostgres()
        ? await rows(t, `SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('outbox', 'notifications') ORDER BY 1`)
        : await rows(t, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('outbox', 'notifications') ORDER BY 1`),
    });
    const before = await kept();
    expect(before.rows.length).toBeGreaterThan(0);
    try {
      await migration.down(runner);
      await expect(insert()).rejects.toThrow(/CHK_outbox_kind|CHECK constraint failed/);
      await migration.up(runner);
      await insert();
      expect(await outboxEntries(t, { dedupeKey: 'booking_moved:migration-test' })).toHaveLength(1);
      expect(await kept()).toEqual(before);
    } finally {
      await runner.release();
    }
  });
});
