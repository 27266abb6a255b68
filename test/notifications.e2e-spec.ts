import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../src/common/queues/queues.constants.js';
import { NotificationDeliveryService } from '../src/notifications/notification-delivery.service.js';
import { DEFAULT_EMAIL_PREFERENCES, NOTIFICATION_KINDS } from '../src/notifications/notification-kind.js';
import { OutboxEntry } from '../src/notifications/outbox-entry.entity.js';
import { OutboxService } from '../src/notifications/outbox.service.js';
import { TransactionRunner } from '../src/database/transaction-runner.service.js';
import { makeLearner, makeMachine } from './factories/machines.js';
import {
  inbox,
  notificationRows,
  outboxEntries,
  sleep,
  waitForInbox,
  waitForOutboxSettled,
} from './factories/notifications.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { waitFor } from './helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Staff = Session & { user: { id: string; email?: string } };

describe('notifications: inbox, preferences, e-mail, exactly once', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: Session;
  let facilitator: Staff;
  let other: Staff;
  let trainer: Staff;
  let learner: Session;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'fablab@dynamo.test' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    other = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const email = (s: Staff) => (s.user as { email: string }).email;
  const setStatus = (machineId: string, status: string, reason: string) =>
    t.http().post(`/api/machines/${machineId}/status`).set(facilitator.auth).send({ status, reason });

  describe('machine_down and machine_back', () => {
    it('a machine going out of order reaches facilitators and admins, in French, by e-mail too (on by default)', async () => {
      const machine = await makeMachine(t, facilitator, { name: 'Découpeuse laser Trotec' });
      await setStatus(machine.id, 'out_of_order', 'Tube laser fissuré').expect(200);

      const [forFacilitator] = await waitForInbox(t, facilitator, 'machine_down', 1, (n) => n.data.machineId === machine.id);
      expect(forFacilitator).toMatchObject({
        kind: 'machine_down',
        title: 'Découpeuse laser Trotec est hors service',
        data: { machineId: machine.id, status: 'out_of_order' },
        readAt: null,
      });
      expect(forFacilitator.body).toContain('Bonjour facilitator');
      expect(forFacilitator.body).toContain('Motif : Tube laser fissuré.');
      await waitForInbox(t, admin, 'machine_down', 1, (n) => n.data.machineId === machine.id);
      await waitForInbox(t, other, 'machine_down', 1, (n) => n.data.machineId === machine.id);
      // Trainers and learners do not run the machines.
      expect((await inbox(t, trainer)).some((n) => n.data.machineId === machine.id)).toBe(false);
      expect((await inbox(t, learner)).some((n) => n.data.machineId === machine.id)).toBe(false);

      await waitFor(() => smtp.to(email(facilitator)).some((m) => m.subject === 'Découpeuse laser Trotec est hors service'));
      const mail = smtp.to(email(facilitator)).find((m) => m.subject === 'Découpeuse laser Trotec est hors service')!;
      expect(mail.text).toContain('Motif : Tube laser fissuré.');
      await waitFor(() => smtp.to('admin@fablab.test').some((m) => m.subject === 'Découpeuse laser Trotec est hors service'));
    });

    it('machine_back reaches the inbox but not the mailbox by default; a user may turn it on', async () => {
      await t.http().put('/api/me/notification-preferences').set(other.auth).send({ email: { machine_back: true } }).expect(200);
      const machine = await makeMachine(t, facilitator, { name: 'Fraiseuse Shapeoko' });
      await setStatus(machine.id, 'maintenance', 'Changement de courroie').expect(200);
      await waitForInbox(t, facilitator, 'machine_down', 1, (n) => n.data.machineId === machine.id);
      await setStatus(machine.id, 'available', 'Courroie changée').expect(200);

      const [back] = await waitForInbox(t, facilitator, 'machine_back', 1, (n) => n.data.machineId === machine.id);
      expect(back.title).toBe('Fraiseuse Shapeoko est de nouveau disponible');
      await waitForInbox(t, other, 'machine_back', 1, (n) => n.data.machineId === machine.id);
      await waitFor(() => smtp.to(email(other)).some((m) => m.subject === back.title));
      await waitForOutboxSettled(t, { kind: 'machine_back' }, (e) => e.data.machineId === machine.id);
      expect(smtp.to(email(facilitator)).some((m) => m.subject === back.title)).toBe(false);
    });

    it('a machine already back when "down" is delivered is not announced as down (moot)', async () => {
      const machine = await makeMachine(t, facilitator);
      // Down then back at once: by the time "down" is delivered, the machine may be back.
      await setStatus(machine.id, 'out_of_order', 'Bourrage').expect(200);
      await setStatus(machine.id, 'available', 'Débourré').expect(200);
      const mine = await waitForOutboxSettled(t, { kind: 'machine_down' }, (e) => e.data.machineId === machine.id);
      expect(mine).toHaveLength(1);
      // Either it went out before the machine came back, or it was skipped as moot: never wrong.
      if (mine[0].status === 'skipped') expect(mine[0].outcome).toMatch(/available again|back already/);
    });
  });

  describe('GET /me/notifications, read, read-all', () => {
    let machineId: string;
    beforeAll(async () => {
      const machine = await makeMachine(t, facilitator);
      machineId = machine.id;
      for (const [status, reason] of [
        ['out_of_order', 'Panne 1'],
        ['available', 'Réparée 1'],
        ['out_of_order', 'Panne 2'],
      ]) {
        await setStatus(machineId, status, reason).expect(200);
        await sleep(5);
      }
      await waitForInbox(t, other, 'machine_down', 2, (n) => n.data.machineId === machineId);
      await waitForInbox(t, other, 'machine_back', 1, (n) => n.data.machineId === machineId);
    });

    it('lists the caller’s own notifications, newest first, paginated', async () => {
      const res = await t.http().get('/api/me/notifications?limit=2&offset=0').set(other.auth).expect(200);
      expect(res.body).toMatchObject({ limit: 2, offset: 0, total: expect.any(Number) });
      expect(res.body.items).toHaveLength(2);
      expect(res.body.total).toBeGreaterThanOrEqual(3);
      for (const item of res.body.items) {
        expect(Object.keys(item).sort()).toEqual(['body', 'createdAt', 'data', 'id', 'kind', 'readAt', 'title']);
      }
      const all = await inbox(t, other);
      const times = all.map((n) => n.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect(all.filter((n) => n.data.machineId === machineId).map((n) => n.body).join()).toContain('Motif : Panne 2.');
    });

    it('marks one read; ?unread=true leaves it out; read-all reads the rest', async () => {
      const unreadBefore = await inbox(t, other, '&unread=true');
      expect(unreadBefore.length).toBeGreaterThanOrEqual(3);
      const target = unreadBefore[0];
      const res = await t.http().post(`/api/me/notifications/${target.id}/read`).set(other.auth).expect(200);
      expect(res.body).toMatchObject({ id: target.id, readAt: expect.any(String) });
      const again = await t.http().post(`/api/me/notifications/${target.id}/read`).set(other.auth).expect(200);
      expect(again.body.readAt).toBe(res.body.readAt);
      const unreadAfter = await inbox(t, other, '&unread=true');
      expect(unreadAfter.map((n) => n.id)).not.toContain(target.id);
      expect(unreadAfter).toHaveLength(unreadBefore.length - 1);
      expect((await inbox(t, other, '&unread=false')).length).toBe((await inbox(t, other)).length);

      const all = await t.http().post('/api/me/notifications/read-all').set(other.auth).expect(200);
      expect(all.body).toEqual({ updated: unreadBefore.length - 1 });
      expect(await inbox(t, other, '&unread=true')).toEqual([]);
      // Someone else's inbox is untouched.
      expect((await inbox(t, facilitator, '&unread=true')).length).toBeGreaterThan(0);
    });

    it('marking read is a transaction of its own: another request’s transaction rolling back meanwhile does not undo it', async () => {
      const tx = t.app.get(TransactionRunner);
      const [one] = await inbox(t, facilitator, '&unread=true');
      expect(one).toBeDefined();
      expect((await inbox(t, admin, '&unread=true')).length).toBeGreaterThan(0);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let opened!: () => void;
      const openedYet = new Promise<void>((resolve) => (opened = resolve));
      // Another request's use case: its transaction is open (on SQLite, on the one shared connection), then fails.
      const failing = tx.run(async () => {
        await tx.manager.getRepository(OutboxEntry).count();
        opened();
        await held;
        throw new Error('rolled back');
      });
      await openedYet;
      const marking = t.http().post(`/api/me/notifications/${one.id}/read`).set(facilitator.auth).then((res) => res);
      const markingAll = t.http().post('/api/me/notifications/read-all').set(admin.auth).then((res) => res);
      // Either both answered (inside the open transaction: the bug) or they wait for it to end.
      await Promise.race([Promise.all([marking, markingAll]), sleep(500)]);
      release();
      await expect(failing).rejects.toThrow('rolled back');
      expect((await marking).status).toBe(200);
      expect((await markingAll).status).toBe(200);

      expect((await inbox(t, facilitator)).find((n) => n.id === one.id)?.readAt).toEqual(expect.any(String));
      expect(await inbox(t, admin, '&unread=true')).toEqual([]);
    });

    it('someone else’s notification is a 404, like an unknown or malformed id; nothing changes', async () => {
      const [theirs] = await inbox(t, facilitator, '&unread=true');
      for (const id of [theirs.id, randomUUID(), 'not-a-uuid']) {
        const res = await t.http().post(`/api/me/notifications/${id}/read`).set(other.auth);
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('NOT_FOUND');
      }
      const still = (await inbox(t, facilitator)).find((n) => n.id === theirs.id);
      expect(still?.readAt).toBeNull();
    });

    it('refuses bad queries (400 with details) and anonymous callers (401)', async () => {
      for (const query of ['unread=maybe', 'limit=0', 'offset=-1', 'extra=1']) {
        const res = await t.http().get(`/api/me/notifications?${query}`).set(other.auth);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('VALIDATION_FAILED');
        expect(res.body.details.length).toBeGreaterThan(0);
      }
      await t.http().get('/api/me/notifications').expect(401);
      await t.http().post('/api/me/notifications/read-all').expect(401);
    });

    it('a learner has an inbox too (empty here)', async () => {
      const res = await t.http().get('/api/me/notifications').set(learner.auth).expect(200);
      expect(res.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    });
  });

  describe('GET/PUT /me/notification-preferences', () => {
    it('shows the documented defaults for every kind', async () => {
      const res = await t.http().get('/api/me/notification-preferences').set(trainer.auth).expect(200);
      expect(res.body).toEqual({ email: DEFAULT_EMAIL_PREFERENCES });
      expect(Object.keys(res.body.email).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    });

    it('sets the kinds given and keeps the others', async () => {
      const first = await t
        .http()
        .put('/api/me/notification-preferences')
        .set(trainer.auth)
        .send({ email: { booking_reminder: false, machine_back: true } })
        .expect(200);
      expect(first.body.email).toEqual({ ...DEFAULT_EMAIL_PREFERENCES, booking_reminder: false, machine_back: true });
      const second = await t.http().put('/api/me/notification-preferences').set(trainer.auth).send({ email: { machine_back: false } }).expect(200);
      expect(second.body.email).toEqual({ ...DEFAULT_EMAIL_PREFERENCES, booking_reminder: false, machine_back: false });
      expect((await t.http().get('/api/me/notification-preferences').set(trainer.auth)).body).toEqual(second.body);
      // Another user's preferences are their own.
      expect((await t.http().get('/api/me/notification-preferences').set(learner.auth)).body).toEqual({ email: DEFAULT_EMAIL_PREFERENCES });
    });

    it('refuses an unknown kind, a non-boolean, a missing or extra field (400 naming it) and changes nothing', async () => {
      const before = (await t.http().get('/api/me/notification-preferences').set(trainer.auth)).body;
      const cases: [object, string][] = [
        [{ email: { nonsense: true } }, 'email.nonsense'],
        [{ email: { booking_reminder: 'yes', machine_down: false } }, 'email.booking_reminder'],
        [{}, 'email'],
        [{ email: [] }, 'email'],
        [{ email: { machine_down: false }, sms: true }, 'sms'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().put('/api/me/notification-preferences').set(trainer.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await t.http().get('/api/me/notification-preferences').set(trainer.auth)).body).toEqual(before);
      await t.http().get('/api/me/notification-preferences').expect(401);
      await t.http().put('/api/me/notification-preferences').send({ email: {} }).expect(401);
    });

    it('a kind turned off is not e-mailed but still reaches the inbox', async () => {
      await t.http().put('/api/me/notification-preferences').set(other.auth).send({ email: { machine_down: false } }).expect(200);
      const machine = await makeMachine(t, facilitator, { name: 'Brodeuse Brother' });
      await setStatus(machine.id, 'out_of_order', 'Aiguille cassée').expect(200);
      const [n] = await waitForInbox(t, other, 'machine_down', 1, (x) => x.data.machineId === machine.id);
      await waitFor(() => smtp.to(email(facilitator)).some((m) => m.subject === n.title));
      await waitForOutboxSettled(t, { kind: 'machine_down' }, (e) => e.data.machineId === machine.id);
      expect(smtp.to(email(other)).some((m) => m.subject === n.title)).toBe(false);
      const [row] = await notificationRows(t, { id: n.id });
      expect(row.emailStatus).toBe('none');
    });
  });

  describe('never twice', () => {
    it('delivering the same entry twice (even at once) inserts and e-mails once', async () => {
      const machine = await makeMachine(t, facilitator, { name: 'Presse à chaud' });
      const outbox = t.app.get(OutboxService);
      const delivery = t.app.get(NotificationDeliveryService);
      // Recorded directly, due later, so the worker leaves it to this test.
      const { entry } = await outbox.record({
        kind: 'machine_down',
        subjectType: 'machine_status_change',
        subjectId: randomUUID(),
        dedupeKey: `test-twice-${machine.id}`,
        dueAt: new Date(Date.now() + 3_600_000),
        data: { machineId: machine.id },
      });
      // The subject (a status change) is unknown: moot, skipped, nothing sent — and stays so.
      const later = new Date(Date.now() + 3_600_000 + 1);
      expect(await delivery.deliver(entry.id, later)).toEqual({ status: 'skipped', reason: 'machine unknown' });
      expect(await delivery.deliver(entry.id, later)).toEqual({ status: 'skipped', reason: 'already skipped' });

      await setStatus(machine.id, 'out_of_order', 'Résistance HS').expect(200);
      const [real] = await waitForOutboxSettled(t, { kind: 'machine_down', status: 'sent' }, (e) => e.data.machineId === machine.id);
      const sentBefore = smtp.messages.length;
      // The job runs again (twice, concurrently): nothing new.
      await t.dataSource.getRepository(OutboxEntry).update({ id: real.id }, { status: 'pending' });
      const [a, b] = await Promise.all([delivery.deliver(real.id), delivery.deliver(real.id)]);
      expect([a.status, b.status].sort()).toEqual(expect.arrayContaining(['sent']));
      const rows = await notificationRows(t, { outboxId: real.id });
      const recipients = rows.map((r) => r.userId);
      expect(new Set(recipients).size).toBe(recipients.length);
      await sleep(300);
      expect(smtp.messages.length).toBe(sentBefore);
    });

    it('adding the same job twice delivers once', async () => {
      const machine = await makeMachine(t, facilitator, { name: 'Plotter Silhouette' });
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications));
      await setStatus(machine.id, 'out_of_order', 'Lame usée').expect(200);
      const [entry] = await waitForOutboxSettled(t, { kind: 'machine_down' }, (e) => e.data.machineId === machine.id);
      const count = (await notificationRows(t, { outboxId: entry.id })).length;
      expect(count).toBeGreaterThanOrEqual(3); // two facilitators, the admin…
      // Pending again, then its job added twice with its deterministic id.
      await t.dataSource.getRepository(OutboxEntry).update({ id: entry.id }, { status: 'pending' });
      const first = await queue.getJob(entry.jobId);
      await first?.remove();
      await queue.add(JOBS.deliverNotification, { outboxId: entry.id }, { jobId: entry.jobId });
      await queue.add(JOBS.deliverNotification, { outboxId: entry.id }, { jobId: entry.jobId });
      await waitForOutboxSettled(t, { id: entry.id });
      expect((await notificationRows(t, { outboxId: entry.id })).length).toBe(count);
    });

    it('an e-mail refused by the server is retried, and sent once', async () => {
      const machine = await makeMachine(t, facilitator, { name: 'Imprimante résine Form 3' });
      smtp.refuseNext(1);
      await setStatus(machine.id, 'out_of_order', 'Cuve percée').expect(200);
      const title = 'Imprimante résine Form 3 est hors service';
      await waitFor(() => smtp.to(email(facilitator)).some((m) => m.subject === title), 30_000, 'e-mail after retry');
      const [entry] = await waitForOutboxSettled(t, { kind: 'machine_down' }, (e) => e.data.machineId === machine.id);
      expect(entry.status).toBe('sent');
      expect(entry.attempts).toBe(2);
      const recipients = (await notificationRows(t, { outboxId: entry.id })).filter((n) => n.emailStatus === 'sent');
      for (const n of recipients) expect(n.emailedAt).not.toBeNull();
      const subjects = smtp.messages.filter((m) => m.subject === title);
      expect(subjects.length).toBe(recipients.length);
      expect(await outboxEntries(t, { id: entry.id })).toHaveLength(1);
    }, 40_000);
  });
});
