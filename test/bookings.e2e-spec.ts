import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { type BookingBody, makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine, makeWorkOrder } from './factories/machines.js';
import { makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { makeRawLearner } from './helpers/learner.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Staff = Session & { user: { id: string; partnerId: string | null } };

describe('bookings', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Staff;
  let trainer: Staff;
  let colleague: Staff; // same partner as trainer
  let outsider: Staff; // another partner
  let learner: { participant: ParticipantBody; session: Session };
  let day: DateTime;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    colleague = await makeStaff(t, admin, 'trainer', { partnerId: trainer.user.partnerId });
    outsider = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t, facilitator, { referredByPartnerId: trainer.user.partnerId });
    day = nextWeekday(t, 'tue');
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (session: Session, body: Record<string, unknown>) =>
    t.http().post('/api/bookings').set(session.auth).send({ kind: 'session', ...body });
  const countOf = async (machineId: string) =>
    (await rows<{ n: number | string }>(t, 'SELECT COUNT(*) AS n FROM bookings WHERE machine_id = $1', [machineId])).map((r) => Number(r.n))[0];
  const grant = async (participantId: string, category: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http().post(`/api/participants/${participantId}/qualifications`).set(facilitator.auth).send({ category, ...extra });
    expect(res.status).toBe(201);
  };

  describe('POST /bookings', () => {
    it('books a slot for the trainer’s partner and shows every field', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const res = await post(trainer, { machineId: machine.id, ...slot(day, '10:00', '11:30'), title: ' Groupe découverte ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        machineId: machine.id,
        kind: 'session',
        status: 'confirmed',
        startsAt: slot(day, '10:00', '11:30').startsAt,
        endsAt: slot(day, '10:00', '11:30').endsAt,
        title: 'Groupe découverte',
        partnerId: trainer.user.partnerId,
        authorId: trainer.user.id,
        participantIds: [],
        seriesId: null,
        affected: false,
        affectedReason: null,
        checkedInAt: null,
        checkedOutAt: null,
        usedMinutes: null,
        attendeeIds: [],
        cancelledAt: null,
        cancelReason: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.startsAt).toMatch(/Z$/);
      const again = await t.http().get(`/api/bookings/${res.body.id}`).set(trainer.auth);
      expect(again.body).toEqual(res.body);
    });

    it('reads times without an offset as local time of APP_TIMEZONE', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const local = day.toISODate();
      const res = await post(facilitator, { machineId: machine.id, startsAt: `${local}T14:00`, endsAt: `${local}T15:00` });
      expect(res.status).toBe(201);
      expect(res.body.startsAt).toBe(slot(day, '14:00', '15:00').startsAt);
    });

    it('lets facilitators book for any partner, with planned participants', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const p1 = await makeParticipant(t, facilitator);
      const p2 = await makeParticipant(t, facilitator);
      const res = await post(facilitator, {
        machineId: machine.id.toUpperCase(),
        ...slot(day, '09:00', '10:00'),
        partnerId: outsider.user.partnerId,
        participantIds: [p2.id, p1.id, p1.id.toUpperCase()],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ partnerId: outsider.user.partnerId, machineId: machine.id });
      expect(res.body.participantIds).toEqual([p1.id, p2.id].sort());
    });

    it('refuses bad input with the fields named, and books nothing', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const ok = { machineId: machine.id, ...slot(day, '10:00', '11:00') };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...ok, kind: 'party' }, 'kind'],
        [{ ...ok, startsAt: 'tomorrow' }, 'startsAt'],
        [{ ...ok, endsAt: undefined }, 'endsAt'],
        [{ ...ok, machineId: 'nope' }, 'machineId'],
        [{ ...ok, machineId: randomUUID() }, 'machineId'],
        [{ ...ok, partnerId: randomUUID() }, 'partnerId'],
        [{ ...ok, participantIds: ['x'] }, 'participantIds'],
        [{ ...ok, participantIds: [randomUUID()] }, 'participantIds'],
        [{ ...ok, status: 'completed' }, 'status'],
        [{ ...ok, title: '' }, 'title'],
        [{ ...ok, endsAt: ok.startsAt }, 'endsAt'],
        [{ ...ok, ...slot(day, '11:00', '10:00') }, 'endsAt'],
        [{ ...ok, ...slot(day, '10:05', '11:00') }, 'startsAt'],
        [{ ...ok, ...slot(day, '10:00', '10:50') }, 'endsAt'],
        [{ ...ok, ...slot(day, '10:00', '10:10') }, 'endsAt'],
      ];
      for (const [body, field] of cases) {
        const res = await post(facilitator, body);
        expect({ status: res.status, error: res.body.error, fields: res.body.details?.map((d: { field: string }) => d.field) }).toEqual({
          status: 400,
          error: 'VALIDATION_FAILED',
          fields: expect.arrayContaining([field]),
        });
      }
      expect(await countOf(machine.id)).toBe(0);
    });

    it('refuses anonymous callers (401) and a trainer booking for another partner (403)', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const body = { machineId: machine.id, ...slot(day, '10:00', '11:00') };
      expect((await t.http().post('/api/bookings').send({ kind: 'session', ...body })).status).toBe(401);
      const res = await post(trainer, { ...body, partnerId: outsider.user.partnerId });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
      expect((await post(trainer, { ...body, partnerId: trainer.user.partnerId })).status).toBe(201);
    });

    it('lets trainers plan only participants they may see: referred by their partner or attending their bookings', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const theirs = await makeParticipant(t, facilitator, { referredByPartnerId: trainer.user.partnerId });
      const stranger = await makeParticipant(t, facilitator);
      const refused = await post(trainer, { machineId: machine.id, ...slot(day, '09:00', '09:30'), participantIds: [theirs.id, stranger.id] });
      expect(refused.status).toBe(400);
      expect(refused.body.details[0].field).toBe('participantIds');
      expect((await t.http().get(`/api/participants/${stranger.id}`).set(trainer.auth)).status).toBe(404);

      // A facilitator adds the stranger to a booking of the trainer's partner: now the trainer sees them.
      const booking = await post(facilitator, {
        machineId: machine.id,
        ...slot(day, '09:30', '10:00'),
        partnerId: trainer.user.partnerId,
        participantIds: [stranger.id],
      });
      expect(booking.status).toBe(201);
      expect((await t.http().get(`/api/participants/${stranger.id}`).set(trainer.auth)).status).toBe(200);
      expect((await t.http().get(`/api/participants/${stranger.id}`).set(outsider.auth)).status).toBe(404);
      expect((await post(trainer, { machineId: machine.id, ...slot(day, '10:00', '10:30'), participantIds: [theirs.id, stranger.id] })).status).toBe(201);
      // Cancelled, the booking no longer opens the stranger's file.
      expect((await t.http().post(`/api/bookings/${booking.body.id}/cancel`).set(facilitator.auth).send({})).status).toBe(200);
      const list = await t.http().get(`/api/participants?search=${encodeURIComponent(stranger.lastName)}`).set(trainer.auth);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([stranger.id]); // still on the trainer's 10:00 booking
    });
  });

  describe('conflicts, maintenance windows, machine status', () => {
    it('names the conflicting bookings; touching slots do not conflict; cancelled ones do not count', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const first = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '10:00', '11:00') });
      const second = await makeBooking(t, outsider, { machineId: machine.id, ...slot(day, '11:00', '12:00') });
      expect((await post(facilitator, { machineId: machine.id, ...slot(day, '09:00', '10:00') })).status).toBe(201);

      const res = await post(facilitator, { machineId: machine.id, ...slot(day, '10:45', '11:15') });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('BOOKING_CONFLICT');
      expect(res.body.details.conflicts).toEqual([
        { id: first.id, startsAt: first.startsAt, endsAt: first.endsAt },
        { id: second.id, startsAt: second.startsAt, endsAt: second.endsAt },
      ]);

      await t.http().post(`/api/bookings/${first.id}/cancel`).set(trainer.auth).send({ reason: 'Formateur absent' });
      expect((await post(facilitator, { machineId: machine.id, ...slot(day, '10:00', '11:00') })).status).toBe(201);
      // Another machine is another calendar.
      const other = await makeMachine(t, facilitator, { requiresQualification: false });
      expect((await post(facilitator, { machineId: other.id, ...slot(day, '10:45', '11:15') })).status).toBe(201);
    });

    it('refuses slots overlapping an unfinished maintenance window (409 MAINTENANCE_WINDOW), up to its edges', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const window = slot(day, '14:00', '15:00');
      const order = await makeWorkOrder(t, facilitator, machine.id, { windowStart: window.startsAt, windowEnd: window.endsAt });
      const res = await post(trainer, { machineId: machine.id, ...slot(day, '14:45', '15:15') });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('MAINTENANCE_WINDOW');
      expect(res.body.details.windows).toEqual([{ workOrderId: order.id, ...window }]);
      expect((await post(trainer, { machineId: machine.id, ...slot(day, '13:30', '14:00') })).status).toBe(201);
      expect((await post(trainer, { machineId: machine.id, ...slot(day, '15:00', '15:30') })).status).toBe(201);
      // A cancelled work order blocks nothing any more.
      await t.http().post(`/api/maintenance/work-orders/${order.id}/cancel`).set(facilitator.auth).send({});
      expect((await post(trainer, { machineId: machine.id, ...slot(day, '14:00', '15:00') })).status).toBe(201);
    });

    it('names the maintenance window first when a booking is in the way too, and keeps nothing of the refused booking', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const window = slot(day, '16:00', '17:00');
      expect((await post(trainer, { machineId: machine.id, ...window })).status).toBe(201);
      const order = await makeWorkOrder(t, facilitator, machine.id, { windowStart: window.startsAt, windowEnd: window.endsAt });
      const outboxBefore = await rows(t, 'SELECT id FROM outbox');
      // Overlaps the window and the booking (PostgreSQL: the exclusion constraint refuses the row first).
      const both = await post(trainer, { machineId: machine.id, ...slot(day, '16:30', '17:30') });
      expect({ status: both.status, error: both.body.error, windows: both.body.details?.windows }).toEqual({
        status: 409,
        error: 'MAINTENANCE_WINDOW',
        windows: [{ workOrderId: order.id, ...window }],
      });
      // Overlaps the window only (PostgreSQL: the row is written, then rolled back with its reminders).
      await t.http().post(`/api/bookings/${(await rows<{ id: string }>(t, 'SELECT id FROM bookings WHERE machine_id = $1', [machine.id]))[0].id}/cancel`).set(facilitator.auth).send({});
      const windowOnly = await post(trainer, { machineId: machine.id, ...slot(day, '16:30', '17:30') });
      expect({ status: windowOnly.status, error: windowOnly.body.error }).toEqual({ status: 409, error: 'MAINTENANCE_WINDOW' });
      expect(await rows(t, "SELECT id FROM bookings WHERE machine_id = $1 AND status = 'confirmed'", [machine.id])).toEqual([]);
      const outboxAfter = await rows<{ id: string }>(t, "SELECT id FROM outbox WHERE kind = 'booking_reminder'");
      expect(outboxAfter.filter((row) => !outboxBefore.some((before) => before.id === row.id))).toEqual([]);
    });

    it('books only available machines (422 MACHINE_UNAVAILABLE)', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      for (const status of ['maintenance', 'out_of_order', 'retired']) {
        await t.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status, reason: 'test' });
        const res = await post(trainer, { machineId: machine.id, ...slot(day, '10:00', '11:00') });
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 422, error: 'MACHINE_UNAVAILABLE' });
      }
      await t.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status: 'available', reason: 'ok' });
      expect((await post(trainer, { machineId: machine.id, ...slot(day, '10:00', '11:00') })).status).toBe(201);
    });
  });

  describe('qualifications', () => {
    it('requires a valid qualification of every attendee of a session or open_lab, never of a training', async () => {
      const laser = await makeMachine(t, facilitator, { category: 'laser_cutter' });
      const qualified = await makeParticipant(t, facilitator);
      const newcomer = await makeParticipant(t, facilitator);
      await grant(qualified.id, 'laser_cutter');
      await grant(newcomer.id, 'fdm_printer'); // another category does not count

      const refused = await post(facilitator, { machineId: laser.id, ...slot(day, '09:00', '10:00'), participantIds: [qualified.id, newcomer.id] });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toBe('NOT_QUALIFIED');
      expect(refused.body.details.participantIds).toEqual([newcomer.id]);
      const openLab = await post(facilitator, { machineId: laser.id, kind: 'open_lab', ...slot(day, '09:00', '10:00'), participantIds: [newcomer.id] });
      expect(openLab.status).toBe(422);

      expect((await post(facilitator, { machineId: laser.id, ...slot(day, '09:00', '10:00'), participantIds: [qualified.id] })).status).toBe(201);
      // Training is where qualifications are earned: no check.
      expect(
        (await post(facilitator, { machineId: laser.id, kind: 'training', ...slot(day, '10:00', '11:00'), participantIds: [newcomer.id] })).status,
      ).toBe(201);
      // A machine that requires no qualification checks nothing.
      const press = await makeMachine(t, facilitator, { category: 'heat_press', requiresQualification: false });
      expect((await post(facilitator, { machineId: press.id, ...slot(day, '09:00', '10:00'), participantIds: [newcomer.id] })).status).toBe(201);
    });

    it('says NOT_QUALIFIED before BOOKING_CONFLICT on a slot already taken, and nothing is written', async () => {
      // On PostgreSQL the write is sent with the machine's lock and the qualifications' read
      // (BookingChecksService.assertFreeSentTogether): it fails on the exclusion constraint, and
      // the checks still answer in their order.
      const laser = await makeMachine(t, facilitator, { category: 'laser_cutter' });
      const qualified = await makeParticipant(t, facilitator);
      const newcomer = await makeParticipant(t, facilitator);
      await grant(qualified.id, 'laser_cutter');
      const taken = await post(facilitator, { machineId: laser.id, ...slot(day, '14:00', '15:00'), participantIds: [qualified.id] });
      expect(taken.status).toBe(201);
      const unqualified = await post(facilitator, { machineId: laser.id, ...slot(day, '14:30', '15:30'), participantIds: [newcomer.id] });
      expect(unqualified.body).toMatchObject({ error: 'NOT_QUALIFIED', details: { participantIds: [newcomer.id] } });
      const conflict = await post(facilitator, { machineId: laser.id, ...slot(day, '14:30', '15:30'), participantIds: [qualified.id] });
      expect(conflict.body).toMatchObject({ error: 'BOOKING_CONFLICT', details: { conflicts: [{ id: taken.body.id }] } });
      const unknown = await post(facilitator, { machineId: '00000000-0000-4000-8000-000000000000', ...slot(day, '14:30', '15:30'), participantIds: [newcomer.id] });
      expect({ status: unknown.status, error: unknown.body.error, details: unknown.body.details }).toEqual({
        status: 400,
        error: 'VALIDATION_FAILED',
        details: [{ field: 'machineId', message: 'no machine has this id' }],
      });
      expect(await rows(t, 'SELECT id FROM bookings WHERE machine_id = $1', [laser.id])).toEqual([{ id: taken.body.id }]);
    });

    it('wants the qualification still valid when the booking starts, and not revoked', async () => {
      const laser = await makeMachine(t, facilitator, { category: 'laser_cutter' });
      const expiring = await makeParticipant(t, facilitator);
      const revoked = await makeParticipant(t, facilitator);
      await grant(expiring.id, 'laser_cutter', { expiresAt: day.set({ hour: 10 }).toUTC().toISO() });
      await grant(revoked.id, 'laser_cutter');
      const [q] = (await t.http().get(`/api/participants/${revoked.id}/qualifications`).set(facilitator.auth)).body;
      await t.http().delete(`/api/participants/${revoked.id}/qualifications/${q.id}`).set(facilitator.auth);

      expect((await post(facilitator, { machineId: laser.id, ...slot(day, '09:30', '10:00'), participantIds: [expiring.id] })).status).toBe(201);
      const late = await post(facilitator, { machineId: laser.id, ...slot(day, '10:00', '10:30'), participantIds: [expiring.id] });
      expect(late.body.details?.participantIds).toEqual([expiring.id]);
      const res = await post(facilitator, { machineId: laser.id, ...slot(day, '11:00', '11:30'), participantIds: [revoked.id] });
      expect(res.body).toMatchObject({ error: 'NOT_QUALIFIED', details: { participantIds: [revoked.id] } });
    });

    it('checks attendees added by a move too', async () => {
      const laser = await makeMachine(t, facilitator, { category: 'laser_cutter' });
      const qualified = await makeParticipant(t, facilitator);
      const newcomer = await makeParticipant(t, facilitator);
      await grant(qualified.id, 'laser_cutter');
      const session = await makeBooking(t, facilitator, { machineId: laser.id, ...slot(day, '09:00', '10:00'), participantIds: [qualified.id] });
      const res = await t.http().patch(`/api/bookings/${session.id}`).set(facilitator.auth).send({ participantIds: [qualified.id, newcomer.id] });
      expect(res.status).toBe(422);
      expect(res.body.details.participantIds).toEqual([newcomer.id]);
      const training = await makeBooking(t, facilitator, { machineId: laser.id, kind: 'training', ...slot(day, '10:00', '11:00') });
      const added = await t.http().patch(`/api/bookings/${training.id}`).set(facilitator.auth).send({ participantIds: [newcomer.id] });
      expect(added.status).toBe(200);
      expect(added.body.participantIds).toEqual([newcomer.id]);
    });
  });

  describe('learners', () => {
    it('book open-lab time for themselves on machines they are qualified for', async () => {
      const printer = await makeMachine(t, facilitator, { category: 'fdm_printer' });
      const body = { machineId: printer.id, kind: 'open_lab', ...slot(day, '16:00', '17:00') };
      const unqualified = await post(learner.session, body);
      expect(unqualified.status).toBe(422);
      expect(unqualified.body).toMatchObject({ error: 'NOT_QUALIFIED', details: { participantIds: [learner.participant.id] } });

      await grant(learner.participant.id, 'fdm_printer');
      const res = await post(learner.session, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'open_lab', participantIds: [learner.participant.id], partnerId: null, authorId: learner.session.userId });
      const explicit = await post(learner.session, { ...body, ...slot(day, '17:00', '17:30'), participantIds: [learner.participant.id] });
      expect(explicit.status).toBe(201);
    });

    it('may not book another kind, for someone else, or for a partner (403)', async () => {
      const press = await makeMachine(t, facilitator, { category: 'heat_press', requiresQualification: false });
      const other = await makeParticipant(t, facilitator);
      const base = { machineId: press.id, kind: 'open_lab', ...slot(day, '09:00', '10:00') };
      for (const body of [
        { ...base, kind: 'session' },
        { ...base, kind: 'training' },
        { ...base, participantIds: [other.id] },
        { ...base, participantIds: [learner.participant.id, other.id] },
        { ...base, partnerId: trainer.user.partnerId },
      ]) {
        const res = await post(learner.session, body);
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'FORBIDDEN' });
      }
      const unlinked = await makeRawLearner(t, `raw-${randomUUID().slice(0, 6)}`);
      expect((await post(unlinked, base)).status).toBe(403);
      expect(await countOf(press.id)).toBe(0);
      expect((await t.http().post('/api/bookings/series').set(learner.session.auth).send({})).status).toBe(403);
    });

    it('see only the bookings they made or attend, and only themselves among attendees', async () => {
      const press = await makeMachine(t, facilitator, { category: 'heat_press', requiresQualification: false });
      const friend = await makeParticipant(t, facilitator);
      const mine = await makeBooking(t, learner.session, { machineId: press.id, kind: 'open_lab', ...slot(day, '09:00', '10:00') });
      const attended = await makeBooking(t, facilitator, {
        machineId: press.id,
        ...slot(day, '10:00', '11:00'),
        participantIds: [learner.participant.id, friend.id],
      });
      const foreign = await makeBooking(t, facilitator, { machineId: press.id, ...slot(day, '11:00', '12:00'), participantIds: [friend.id] });

      const list = await t.http().get(`/api/bookings?machineId=${press.id}`).set(learner.session.auth);
      expect(list.status).toBe(200);
      expect(list.body.items.map((b: BookingBody) => b.id)).toEqual([mine.id, attended.id]);
      expect(list.body.items[1].participantIds).toEqual([learner.participant.id]);
      expect((await t.http().get(`/api/bookings/${attended.id}`).set(learner.session.auth)).body.participantIds).toEqual([learner.participant.id]);
      expect((await t.http().get(`/api/bookings/${foreign.id}`).set(learner.session.auth)).status).toBe(404);
      // Attending is not authoring: they may not move or cancel it.
      expect((await t.http().post(`/api/bookings/${attended.id}/cancel`).set(learner.session.auth).send({})).status).toBe(403);
      expect((await t.http().post(`/api/bookings/${foreign.id}/cancel`).set(learner.session.auth).send({})).status).toBe(404);
      // Upcoming bookings on their dashboard.
      const progress = await t.http().get('/api/me/progress').set(learner.session.auth);
      expect(progress.body.upcomingBookings.map((b: BookingBody) => b.id)).toEqual(expect.arrayContaining([mine.id, attended.id]));
      expect(progress.body.upcomingBookings.map((b: BookingBody) => b.id)).not.toContain(foreign.id);
    });
  });

  describe('GET /bookings', () => {
    it('shows trainers their partner’s bookings and their own; facilitators everything; filters and pages', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const a = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '09:00', '10:00') });
      const b = await makeBooking(t, colleague, { machineId: machine.id, ...slot(day, '10:00', '11:00') });
      const c = await makeBooking(t, outsider, { machineId: machine.id, ...slot(day, '11:00', '12:00') });
      const ids = async (session: Session, query = '') =>
        (await t.http().get(`/api/bookings?machineId=${machine.id}${query}`).set(session.auth)).body.items.map((x: BookingBody) => x.id);

      expect(await ids(trainer)).toEqual([a.id, b.id]);
      expect(await ids(trainer, '&mine=true')).toEqual([a.id]);
      expect(await ids(outsider)).toEqual([c.id]);
      expect(await ids(facilitator)).toEqual([a.id, b.id, c.id]);
      expect(await ids(facilitator, `&from=${encodeURIComponent(b.startsAt)}`)).toEqual([b.id, c.id]);
      expect(await ids(facilitator, `&to=${encodeURIComponent(b.endsAt)}`)).toEqual([a.id, b.id]);
      expect(await ids(facilitator, '&mine=true')).toEqual([]);
      const paged = await t.http().get(`/api/bookings?machineId=${machine.id}&limit=1&offset=1`).set(admin.auth);
      expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(paged.body.items.map((x: BookingBody) => x.id)).toEqual([b.id]);

      expect((await t.http().get(`/api/bookings/${c.id}`).set(trainer.auth)).status).toBe(404);
      expect((await t.http().get(`/api/bookings/${b.id}`).set(trainer.auth)).status).toBe(200);
      expect((await t.http().get('/api/bookings/not-a-uuid').set(admin.auth)).status).toBe(404);
      expect((await t.http().get(`/api/bookings/${randomUUID()}`).set(admin.auth)).status).toBe(404);
    });

    it('filters by a young person planned in them, within what the caller may see', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const person = await makeParticipant(t, facilitator);
      const planned = await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '14:00', '15:00'), participantIds: [person.id] });
      await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '15:00', '16:00') });
      const ids = async (session: Session, participantId: string) =>
        (await t.http().get(`/api/bookings?participantId=${participantId}`).set(session.auth)).body.items.map((x: BookingBody) => x.id);
      expect(await ids(facilitator, person.id)).toEqual([planned.id]);
      expect(await ids(facilitator, person.id.toUpperCase())).toEqual([planned.id]);
      expect(await ids(outsider, person.id)).toEqual([]); // not their partner's booking
      expect(await ids(facilitator, randomUUID())).toEqual([]);
    });

    it('refuses bad filters (400) and anonymous callers (401)', async () => {
      for (const query of ['mine=maybe', 'status=lost', 'from=yesterday', 'machineId=x', 'participantId=x', 'limit=0', 'from=2027-01-02&to=2027-01-01']) {
        const res = await t.http().get(`/api/bookings?${query}`).set(facilitator.auth);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
      expect((await t.http().get('/api/bookings')).status).toBe(401);
    });
  });

  describe('PATCH /bookings/:id and cancel', () => {
    it('moves a booking under the same rules; the old slot is free at once', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const booking = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '09:00', '10:00') });
      const blocker = await makeBooking(t, outsider, { machineId: machine.id, ...slot(day, '14:00', '15:00') });

      const clash = await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send(slot(day, '14:30', '15:30'));
      expect(clash.status).toBe(409);
      expect(clash.body.details.conflicts).toEqual([{ id: blocker.id, startsAt: blocker.startsAt, endsAt: blocker.endsAt }]);
      expect((await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send(slot(day, '12:00', '13:00'))).body.error).toBe(
        'OUTSIDE_OPENING_HOURS',
      );
      expect((await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send({ endsAt: slot(day, '09:00', '09:10').endsAt })).status).toBe(400);

      // Moving within its own slot does not conflict with itself.
      const moved = await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send({ endsAt: slot(day, '09:00', '10:30').endsAt });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ startsAt: booking.startsAt, endsAt: slot(day, '09:00', '10:30').endsAt, status: 'confirmed' });
      const away = await t.http().patch(`/api/bookings/${booking.id}`).set(facilitator.auth).send({ ...slot(day, '16:00', '17:00'), title: 'Déplacé' });
      expect(away.body).toMatchObject({ ...slot(day, '16:00', '17:00'), title: 'Déplacé' });
      expect((await post(outsider, { machineId: machine.id, ...slot(day, '09:00', '10:30') })).status).toBe(201);
    });

    it('lets the author, facilitators and admins change a booking; others are refused', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const booking = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '09:00', '10:00') });
      const patch = (session: Session) => t.http().patch(`/api/bookings/${booking.id}`).set(session.auth).send({ title: 'x' });
      expect((await patch(colleague)).status).toBe(403); // sees it (same partner), may not change it
      expect((await patch(outsider)).status).toBe(404);
      expect((await patch(learner.session)).status).toBe(404);
      expect((await t.http().patch(`/api/bookings/${booking.id}`).send({ title: 'x' })).status).toBe(401);
      expect((await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send({ machineId: machine.id })).status).toBe(400);
      expect((await patch(admin)).status).toBe(200);
      expect((await t.http().post(`/api/bookings/${booking.id}/cancel`).set(colleague.auth).send({})).status).toBe(403);
    });

    it('cancels with a reason; a cancelled booking cannot be cancelled or moved again', async () => {
      const machine = await makeMachine(t, facilitator, { requiresQualification: false });
      const booking = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '09:00', '10:00') });
      const bad = await t.http().post(`/api/bookings/${booking.id}/cancel`).set(trainer.auth).send({ reason: 'x'.repeat(501) });
      expect(bad.status).toBe(400);
      const res = await t.http().post(`/api/bookings/${booking.id}/cancel`).set(trainer.auth).send({ reason: 'Formateur absent' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Formateur absent', cancelledAt: expect.any(String) });
      const again = await t.http().post(`/api/bookings/${booking.id}/cancel`).set(trainer.auth).send({});
      expect({ status: again.status, error: again.body.error }).toEqual({ status: 422, error: 'INVALID_TRANSITION' });
      expect((await t.http().patch(`/api/bookings/${booking.id}`).set(trainer.auth).send(slot(day, '11:00', '12:00'))).status).toBe(422);
      expect((await post(outsider, { machineId: machine.id, ...slot(day, '09:00', '10:00') })).status).toBe(201);
    });
  });
});
