import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { JOBS, QUEUES } from '../src/common/queues/queues.constants.js';
import { NotificationDeliveryService } from '../src/notifications/notification-delivery.service.js';
import type { OutboxEntry } from '../src/notifications/outbox-entry.entity.js';
import { type BookingBody, makeBooking } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { inbox, notificationRows, outboxEntries, sleep, waitForInbox, waitForOutboxSettled } from './factories/notifications.js';
import { makeLearner } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { waitFor } from './helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALWAYS_OPEN = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

/** The first instant on the 15-minute grid at least `ms` from now. */
const ahead = (ms: number) => new Date(Math.ceil((Date.now() + ms) / (15 * MINUTE)) * 15 * MINUTE);

describe('booking reminders and booking notifications (REMINDER_LEAD_MINUTES=1440,120)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: Session;
  let facilitator: Session & { user: { id: string; email?: string } };
  let trainer: Session & { user: { id: string; email?: string; partnerId: string | null } };
  let learner: Awaited<ReturnType<typeof makeLearner>>;
  let machineId: string;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ SMTP_URL: smtp.url, REMINDER_LEAD_MINUTES: '1440,120' });
    admin = await loginAdmin(t);
    // Open around the clock, so that "in 45 minutes" is bookable whenever the test runs.
    await t.http().put('/api/settings/opening-hours').set(admin.auth).send({ weekly: ALWAYS_OPEN, closures: [] }).expect(200);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t, facilitator, {
      firstName: 'Sami',
      contact: { email: 'sami@example.test' },
      referredByPartnerId: trainer.user.partnerId,
    });
    machineId = (await makeMachine(t, facilitator, { name: 'Imprimante Bambu X1', requiresQualification: false })).id;
    queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const book = (startsAt: Date, minutes = 60, session: Session = facilitator, extra: Record<string, unknown> = {}) =>
    makeBooking(t, session, {
      machineId,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * MINUTE).toISOString(),
      participantIds: [learner.participant.id],
      title: 'Atelier porte-clés',
      ...extra,
    });
  const reminders = async (booking: BookingBody) =>
    (await outboxEntries(t, { subjectId: booking.id, kind: 'booking_reminder' })).sort((a, b) => Number(a.data.leadMinutes) - Number(b.data.leadMinutes));
  const jobOf = async (entry: OutboxEntry) => (await queue.getJob(entry.jobId)) as Job | undefined;
  const fireTime = (job: Job) => job.timestamp + job.delay;

  it('one delayed job per lead time, with deterministic ids, due at start minus the lead', async () => {
    const startsAt = ahead(3 * DAY);
    const booking = await book(startsAt);
    const [short, long] = await reminders(booking);
    expect([short.data.leadMinutes, long.data.leadMinutes]).toEqual([120, 1440]);
    expect(short).toMatchObject({ status: 'pending', jobId: `booking-${booking.id}-lead-120` });
    expect(long).toMatchObject({ status: 'pending', jobId: `booking-${booking.id}-lead-1440` });
    expect(long.dueAt.getTime()).toBe(startsAt.getTime() - DAY);
    for (const entry of [short, long]) {
      const job = await jobOf(entry);
      expect(job).toBeDefined();
      expect(await job!.getState()).toBe('delayed');
      expect(job!.data).toEqual({ outboxId: entry.id }); // ids only
      expect(Math.abs(fireTime(job!) - entry.dueAt.getTime())).toBeLessThan(1_000);
    }
  });

  it('delivered when due to the author and the attendees with an account, in French, exactly once even if run twice', async () => {
    const startsAt = ahead(3 * DAY + 2 * HOUR);
    const booking = await book(startsAt, 90, trainer);
    const [, long] = await reminders(booking);
    const delivery = t.app.get(NotificationDeliveryService);
    const when = new Date(long.dueAt.getTime() + 1_000);
    // Too early: nothing (the job would be put back to sleep).
    expect((await delivery.deliver(long.id, new Date(long.dueAt.getTime() - HOUR))).status).toBe('early');
    const [first, second] = [await delivery.deliver(long.id, when), await delivery.deliver(long.id, when)];
    expect(first).toMatchObject({ status: 'sent', notifications: 2 });
    expect(second).toEqual({ status: 'skipped', reason: 'already sent' });

    const [mine] = (await inbox(t, learner.session)).filter((n) => n.kind === 'booking_reminder' && n.data.bookingId === booking.id);
    expect(mine.title).toBe('Rappel : Imprimante Bambu X1 dans 24 heures');
    expect(mine.body).toContain('« Atelier porte-clés » sur Imprimante Bambu X1 commence dans 24 heures');
    expect(mine.data).toMatchObject({ bookingId: booking.id, machineId, startsAt: startsAt.toISOString() });
    const forTrainer = (await inbox(t, trainer)).filter((n) => n.kind === 'booking_reminder' && n.data.bookingId === booking.id);
    expect(forTrainer).toHaveLength(1);
    expect((await inbox(t, facilitator)).some((n) => n.data.bookingId === booking.id)).toBe(false);
    // E-mails: once each, the learner's to the contact address given at registration.
    await waitFor(() => smtp.to('sami@example.test').some((m) => m.subject === mine.title));
    await waitFor(() => smtp.to((trainer.user as { email: string }).email).some((m) => m.subject === mine.title));
    await delivery.deliver(long.id, when);
    await sleep(200);
    expect(smtp.messages.filter((m) => m.subject === mine.title)).toHaveLength(2);
    expect(await notificationRows(t, { outboxId: long.id })).toHaveLength(2);
  });

  it('moves with the booking: its jobs are replaced, planned for the new time; the old time sends nothing', async () => {
    const startsAt = ahead(4 * DAY);
    const booking = await book(startsAt);
    const before = await reminders(booking);
    const movedTo = new Date(startsAt.getTime() + DAY + 2 * HOUR);
    await t
      .http()
      .patch(`/api/bookings/${booking.id}`)
      .set(facilitator.auth)
      .send({ startsAt: movedTo.toISOString(), endsAt: new Date(movedTo.getTime() + HOUR).toISOString() })
      .expect(200);

    const after = await reminders(booking);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    for (const entry of after) {
      expect(entry.status).toBe('pending');
      expect(entry.data.startsAt).toBe(movedTo.toISOString());
      expect(entry.dueAt.getTime()).toBe(movedTo.getTime() - Number(entry.data.leadMinutes) * MINUTE);
      const job = await jobOf(entry);
      expect(await job!.getState()).toBe('delayed');
      expect(Math.abs(fireTime(job!) - entry.dueAt.getTime())).toBeLessThan(1_000);
    }
    // A job firing early (stale, or promoted by hand) is put back to sleep until the entry is due.
    const early = (await jobOf(after[0]))!;
    await early.promote();
    await waitFor(async () => (await jobOf(after[0]))?.attemptsStarted === 1 && (await (await jobOf(after[0]))!.getState()) === 'delayed', 10_000, 'job back to sleep');
    const slept = (await jobOf(after[0]))!;
    expect(Math.abs(slept.timestamp + slept.delay - after[0].dueAt.getTime())).toBeLessThan(2_000);
    expect(await notificationRows(t, { outboxId: after[0].id })).toEqual([]);
    // Run at the old due time (a stale job): too early, nothing sent.
    const delivery = t.app.get(NotificationDeliveryService);
    expect((await delivery.deliver(before[1].id, new Date(before[1].dueAt.getTime() + 1_000))).status).toBe('early');
    expect(await notificationRows(t, { outboxId: before[1].id })).toEqual([]);
    // At the new one: sent once.
    expect((await delivery.deliver(after[1].id, new Date(after[1].dueAt.getTime() + 1_000))).status).toBe('sent');
    // Changing only the attendees does not touch the reminders.
    await t.http().patch(`/api/bookings/${booking.id}`).set(facilitator.auth).send({ participantIds: [] }).expect(200);
    expect((await reminders(booking)).map((e) => e.status)).toEqual(['pending', 'sent']);
  });

  it('dropped when the booking is cancelled (jobs removed); the attendees are told, not the one who cancelled', async () => {
    const booking = await book(ahead(5 * DAY));
    await t.http().post(`/api/bookings/${booking.id}/cancel`).set(facilitator.auth).send({ reason: 'Formateur malade' }).expect(200);
    const entries = await reminders(booking);
    expect(entries.map((e) => e.status)).toEqual(['skipped', 'skipped']);
    expect(entries[0].outcome).toBe('booking cancelled');
    for (const entry of entries) expect(await jobOf(entry)).toBeUndefined();

    const [n] = await waitForInbox(t, learner.session, 'booking_cancelled', 1, (x) => x.data.bookingId === booking.id);
    expect(n.title).toMatch(/^Réservation annulée : Imprimante Bambu X1, /);
    expect(n.body).toContain('Motif : Formateur malade.');
    await waitForOutboxSettled(t, { subjectId: booking.id, kind: 'booking_cancelled' });
    expect((await inbox(t, facilitator)).some((x) => x.data.bookingId === booking.id)).toBe(false);
    await waitFor(() => smtp.to('sami@example.test').some((m) => m.subject === n.title));
  });

  it('a lead time already past at booking time fires at once — only the shortest of those past', async () => {
    const soon = await book(ahead(45 * MINUTE), 30);
    const entries = await reminders(soon);
    expect(entries.map((e) => e.data.leadMinutes)).toEqual([120]);
    const [n] = await waitForInbox(t, learner.session, 'booking_reminder', 1, (x) => x.data.bookingId === soon.id);
    // 45 to 60 minutes ahead (the 15-minute grid), rounded to the unit: "dans 52 minutes" or "dans 1 heure".
    expect(n.title).toMatch(/^Rappel : Imprimante Bambu X1 dans (?:[45]\d minutes|1 heure)$/);
    await waitForOutboxSettled(t, { subjectId: soon.id, kind: 'booking_reminder' });

    // Its job added again (twice): delivered once all the same.
    const [entry] = entries;
    await queue.add(JOBS.deliverNotification, { outboxId: entry.id }, { jobId: entry.jobId });
    await queue.add(JOBS.deliverNotification, { outboxId: entry.id }, { jobId: entry.jobId });
    await sleep(500);
    expect((await inbox(t, learner.session)).filter((x) => x.kind === 'booking_reminder' && x.data.bookingId === soon.id)).toHaveLength(1);

    // Three hours ahead: the 1440 lead is past (fires now), the 120 one waits.
    const later = await book(ahead(3 * HOUR + 15 * MINUTE), 30);
    const [short, long] = await reminders(later);
    expect(await (await jobOf(short))!.getState()).toBe('delayed');
    await waitForOutboxSettled(t, { id: long.id });
    expect((await inbox(t, learner.session)).filter((x) => x.kind === 'booking_reminder' && x.data.bookingId === later.id)).toHaveLength(1);
  });

  it('a blocking incident tells the author and the attendees that their booking is affected', async () => {
    const machine = await makeMachine(t, facilitator, { name: 'Découpeuse laser Speedy', requiresQualification: false });
    const startsAt = ahead(2 * DAY);
    const booking = await makeBooking(t, trainer, {
      machineId: machine.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      participantIds: [learner.participant.id],
    });
    await t.http().post(`/api/machines/${machine.id}/incidents`).set(learner.session.auth).send({ severity: 'blocking', description: 'Fumée' }).expect(201);
    const [n] = await waitForInbox(t, trainer, 'booking_affected', 1, (x) => x.data.bookingId === booking.id);
    expect(n.title).toBe('Votre réservation sur Découpeuse laser Speedy est compromise');
    expect(n.body).toContain('un incident bloquant');
    expect(n.body).toContain('« séance »');
    await waitForInbox(t, learner.session, 'booking_affected', 1, (x) => x.data.bookingId === booking.id);
    await waitForInbox(t, facilitator, 'machine_down', 1, (x) => x.data.machineId === machine.id);
  });
});
