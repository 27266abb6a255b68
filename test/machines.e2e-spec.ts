import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Booking } from '../src/bookings/booking.entity.js';
import { MachineStatusChange } from '../src/machines/machine-status-change.entity.js';
import { MachineUsageReading } from '../src/machines/machine-usage-reading.entity.js';
import { MachineMeterService } from '../src/machines/machine-meter.service.js';
import { MachinesService } from '../src/machines/machines.service.js';
import { makeLearner, makeMachine } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('machines', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async () => (await t.http().get('/api/machines?limit=1').set(admin.auth)).body.total as number;

  describe('POST /machines', () => {
    it('creates a machine with defaults and a first status-history entry', async () => {
      const res = await t
        .http()
        .post('/api/machines')
        .set(facilitator.auth)
        .send({ code: ' laser-01 ', name: 'Découpeuse laser', category: 'laser_cutter', location: 'Atelier bois' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        code: 'LASER-01',
        name: 'Découpeuse laser',
        category: 'laser_cutter',
        status: 'available',
        location: 'Atelier bois',
        requiresQualification: true,
        usageHours: 0,
        notes: null,
        nextMaintenance: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const history = await t.http().get(`/api/machines/${res.body.id}/status-history`).set(facilitator.auth);
      expect(history.status).toBe(200);
      expect(history.body.items).toEqual([
        expect.objectContaining({ fromStatus: null, toStatus: 'available', source: 'created', changedBy: facilitator.userId }),
      ]);
    });

    it('admins create too, and requiresQualification may be false', async () => {
      const machine = await makeMachine(t, admin, { category: 'heat_press', requiresQualification: false, notes: 'Presse à chaud' });
      expect(machine).toMatchObject({ requiresQualification: false, notes: 'Presse à chaud', category: 'heat_press' });
    });

    it('refuses bad input with the fields named, and creates nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ code: 'X-1', name: 'X', category: 'toaster' }, 'category'],
        [{ code: 'X-1', category: 'other' }, 'name'],
        [{ code: 'bad code!', name: 'X', category: 'other' }, 'code'],
        [{ code: 'X-1', name: 'X', category: 'other', status: 'retired' }, 'status'],
        [{ code: 'X-1', name: 'X', category: 'other', requiresQualification: 'yes' }, 'requiresQualification'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().post('/api/machines').set(facilitator.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await count()).toBe(before);
    });

    it('refuses a code already taken, whatever its case (409)', async () => {
      await makeMachine(t, facilitator, { code: 'CNC-01' });
      const res = await t.http().post('/api/machines').set(facilitator.auth).send({ code: 'cnc-01', name: 'Autre', category: 'cnc_router' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('CONFLICT');
    });

    it('refuses learners and trainers (403) and anonymous callers (401)', async () => {
      const body = { code: 'NOPE-1', name: 'Nope', category: 'other' };
      expect((await t.http().post('/api/machines').set(learner.auth).send(body)).status).toBe(403);
      expect((await t.http().post('/api/machines').set(trainer.auth).send(body)).status).toBe(403);
      const anonymous = await t.http().post('/api/machines').send(body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error).toBe('UNAUTHENTICATED');
    });
  });

  describe('GET /machines', () => {
    it('lists for any user, filtered by status and category, paginated', async () => {
      const vinyl = await makeMachine(t, facilitator, { category: 'vinyl_cutter' });
      const res = await t.http().get('/api/machines?category=vinyl_cutter').set(learner.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
      expect(res.body.items[0].id).toBe(vinyl.id);

      await t.http().post(`/api/machines/${vinyl.id}/status`).set(facilitator.auth).send({ status: 'maintenance', reason: 'Lame' });
      const byStatus = await t.http().get('/api/machines?status=maintenance').set(learner.auth);
      expect(byStatus.body.items.map((m: { id: string }) => m.id)).toEqual([vinyl.id]);

      const paged = await t.http().get('/api/machines?limit=1&offset=1').set(learner.auth);
      expect(paged.body.items).toHaveLength(1);
      expect(paged.body.total).toBeGreaterThan(1);
    });

    it('refuses unknown filters (400) and anonymous callers (401)', async () => {
      const res = await t.http().get('/api/machines?category=toaster').set(learner.auth);
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('category');
      expect((await t.http().get('/api/machines?status=broken').set(learner.auth)).status).toBe(400);
      expect((await t.http().get('/api/machines')).status).toBe(401);
    });

    it('shows one machine to any user; malformed or unknown ids are 404', async () => {
      const machine = await makeMachine(t, facilitator);
      const res = await t.http().get(`/api/machines/${machine.id}`).set(learner.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(machine);
      const malformed = await t.http().get('/api/machines/not-a-uuid').set(learner.auth);
      expect(malformed.status).toBe(404);
      expect(malformed.body.error).toBe('NOT_FOUND');
      expect((await t.http().get(`/api/machines/${UNKNOWN_ID}`).set(learner.auth)).status).toBe(404);
      expect((await t.http().get(`/api/machines/${machine.id}`)).status).toBe(401);
    });
  });

  describe('PATCH /machines/:id', () => {
    it('edits fields and clears optional ones with null', async () => {
      const machine = await makeMachine(t, facilitator, { location: 'Atelier', notes: 'Buse 0.4' });
      const res = await t
        .http()
        .patch(`/api/machines/${machine.id}`)
        .set(admin.auth)
        .send({ name: 'Prusa MK4S', location: null, notes: null, requiresQualification: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Prusa MK4S', location: null, notes: null, requiresQualification: false, code: machine.code });
    });

    it('refuses null for required fields, unknown categories, status and meter changes (400), nothing changed', async () => {
      const machine = await makeMachine(t, facilitator);
      for (const [body, field] of [
        [{ name: null }, 'name'],
        [{ category: 'toaster' }, 'category'],
        [{ status: 'retired' }, 'status'],
        [{ usageHours: 10 }, 'usageHours'],
        [{ requiresQualification: null }, 'requiresQualification'],
      ] as const) {
        const res = await t.http().patch(`/api/machines/${machine.id}`).set(facilitator.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await t.http().get(`/api/machines/${machine.id}`).set(admin.auth)).body).toEqual(machine);
    });

    it('refuses a taken code (409), learners (403), malformed ids (404)', async () => {
      const a = await makeMachine(t, facilitator);
      const b = await makeMachine(t, facilitator);
      expect((await t.http().patch(`/api/machines/${b.id}`).set(facilitator.auth).send({ code: a.code })).status).toBe(409);
      expect((await t.http().patch(`/api/machines/${b.id}`).set(learner.auth).send({ name: 'x' })).status).toBe(403);
      expect((await t.http().patch('/api/machines/123').set(facilitator.auth).send({ name: 'x' })).status).toBe(404);
      expect((await t.http().patch(`/api/machines/${UNKNOWN_ID}`).set(facilitator.auth).send({ name: 'x' })).status).toBe(404);
    });
  });

  describe('POST /machines/:id/status and its history', () => {
    it('changes the status and keeps who, when and why', async () => {
      const machine = await makeMachine(t, facilitator);
      const res = await t
        .http()
        .post(`/api/machines/${machine.id}/status`)
        .set(facilitator.auth)
        .send({ status: 'maintenance', reason: 'Changement de la buse' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('maintenance');
      await t.http().post(`/api/machines/${machine.id}/status`).set(admin.auth).send({ status: 'available', reason: 'Buse changée' });

      const history = await t.http().get(`/api/machines/${machine.id}/status-history`).set(trainer.auth);
      expect(history.status).toBe(200);
      expect(history.body.total).toBe(3);
      expect(history.body.items.slice(0, 2)).toEqual([
        expect.objectContaining({ fromStatus: 'maintenance', toStatus: 'available', reason: 'Buse changée', source: 'manual', changedBy: admin.userId }),
        expect.objectContaining({ fromStatus: 'available', toStatus: 'maintenance', reason: 'Changement de la buse', changedBy: facilitator.userId }),
      ]);
      expect(new Date(history.body.items[0].changedAt).getTime()).toBeGreaterThanOrEqual(new Date(history.body.items[1].changedAt).getTime());
    });

    it('refuses the current status again (422), bad bodies (400), learners (403), unknown machines (404)', async () => {
      const machine = await makeMachine(t, facilitator);
      const same = await t.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status: 'available', reason: 'x' });
      expect(same.status).toBe(422);
      expect(same.body.error).toBe('INVALID_TRANSITION');
      expect((await t.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status: 'broken', reason: 'x' })).status).toBe(400);
      const noReason = await t.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status: 'retired', reason: '  ' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details[0].field).toBe('reason');
      expect((await t.http().post(`/api/machines/${machine.id}/status`).set(learner.auth).send({ status: 'retired', reason: 'x' })).status).toBe(403);
      expect((await t.http().post(`/api/machines/${UNKNOWN_ID}/status`).set(facilitator.auth).send({ status: 'retired', reason: 'x' })).status).toBe(404);
      expect((await t.http().get(`/api/machines/${machine.id}/status-history`).set(learner.auth)).status).toBe(403);
      expect((await t.http().get('/api/machines/zzz/status-history').set(facilitator.auth)).status).toBe(404);
      const history = await t.http().get(`/api/machines/${machine.id}/status-history`).set(facilitator.auth);
      expect(history.body.total).toBe(1);
    });
  });

  describe('usage meter', () => {
    it('records readings with their delta, who and when; never goes down (409 METER_DECREASE)', async () => {
      const machine = await makeMachine(t, facilitator);
      const first = await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 12.5 });
      expect(first.status).toBe(200);
      expect(first.body.usageHours).toBe(12.5);
      await t.http().post(`/api/machines/${machine.id}/usage`).set(admin.auth).send({ usageHours: 20 });

      const lower = await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 19.9 });
      expect(lower.status).toBe(409);
      expect(lower.body).toMatchObject({ error: 'METER_DECREASE', details: { usageHours: 20 } });
      expect((await t.http().get(`/api/machines/${machine.id}`).set(learner.auth)).body.usageHours).toBe(20);

      const readings = await t.http().get(`/api/machines/${machine.id}/usage`).set(trainer.auth);
      expect(readings.status).toBe(200);
      expect(readings.body.items).toEqual([
        expect.objectContaining({ value: 20, delta: 7.5, source: 'manual', recordedBy: admin.userId }),
        expect.objectContaining({ value: 12.5, delta: 12.5, source: 'manual', recordedBy: facilitator.userId }),
      ]);
    });

    it('a facilitator corrects a wrong meter down with a reason, kept in the history; without a reason it stays 409', async () => {
      const machine = await makeMachine(t, facilitator);
      await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 30 }).expect(200);
      const corrected = await t
        .http()
        .post(`/api/machines/${machine.id}/usage`)
        .set(facilitator.auth)
        .send({ usageHours: 6, reason: 'Check-out erroné : 24 h saisies pour 1 h' });
      expect(corrected.status).toBe(200);
      expect(corrected.body.usageHours).toBe(6);
      const readings = await t.http().get(`/api/machines/${machine.id}/usage`).set(facilitator.auth);
      expect(readings.body.items[0]).toMatchObject({
        value: 6,
        delta: -24,
        source: 'correction',
        reason: 'Check-out erroné : 24 h saisies pour 1 h',
        recordedBy: facilitator.userId,
      });
      expect(readings.body.items[1]).toMatchObject({ value: 30, source: 'manual', reason: null });
      // Refused: a trainer or learner correcting, an empty reason.
      for (const session of [trainer, learner]) {
        const res = await t.http().post(`/api/machines/${machine.id}/usage`).set(session.auth).send({ usageHours: 0, reason: 'parce que' });
        expect(res.status).toBe(403);
      }
      const empty = await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 0, reason: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.details[0].field).toBe('reason');
      expect((await t.http().get(`/api/machines/${machine.id}`).set(facilitator.auth)).body.usageHours).toBe(6);
    });

    it('refuses bad readings (400), learners (403), malformed ids (404)', async () => {
      const machine = await makeMachine(t, facilitator);
      for (const body of [{ usageHours: -1 }, { usageHours: 'ten' }, {}]) {
        const res = await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe('usageHours');
      }
      expect((await t.http().post(`/api/machines/${machine.id}/usage`).set(learner.auth).send({ usageHours: 1 })).status).toBe(403);
      expect((await t.http().post('/api/machines/x/usage').set(facilitator.auth).send({ usageHours: 1 })).status).toBe(404);
      expect((await t.http().get(`/api/machines/${machine.id}/usage`).set(learner.auth)).status).toBe(403);
      expect((await t.http().get(`/api/machines/${machine.id}/usage`).set(facilitator.auth)).body.total).toBe(0);
    });

    it('MachineMeterService.addUsage adds hours from a booking check-out, with its source', async () => {
      const machine = await makeMachine(t, facilitator);
      const service = t.app.get(MachineMeterService);
      await service.addUsage(machine.id, 1.25, 'booking', { sourceId: UNKNOWN_ID });
      await service.addUsage(machine.id, 0.5, 'booking', { sourceId: UNKNOWN_ID });
      await service.addUsage(machine.id, 0, 'booking');
      await expect(service.addUsage(machine.id, -1, 'booking')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(service.addUsage(UNKNOWN_ID, 1, 'booking')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await t.http().get(`/api/machines/${machine.id}`).set(learner.auth)).body.usageHours).toBe(1.75);
      const readings = await t.http().get(`/api/machines/${machine.id}/usage`).set(facilitator.auth);
      expect(readings.body.items.map((r: { delta: number; source: string; sourceId: string }) => [r.delta, r.source, r.sourceId])).toEqual(
        expect.arrayContaining([
          [1.25, 'booking', UNKNOWN_ID],
          [0.5, 'booking', UNKNOWN_ID],
        ]),
      );
      expect(readings.body.total).toBe(2);
    });

    it('concurrent additions are all counted', async () => {
      const machine = await makeMachine(t, facilitator);
      const meter = t.app.get(MachineMeterService);
      await Promise.all(Array.from({ length: 8 }, () => meter.addUsage(machine.id, 0.5, 'booking')));
      expect((await t.app.get(MachinesService).get(machine.id)).usageHours).toBe(4);
    });
  });

  describe('GET /machines/:id/metrics', () => {
    /**
     * Hand computation (APP_TIMEZONE Europe/Paris, UTC+1 in early March 2025; default opening
     * hours Tuesday–Saturday 09:00–12:30 and 13:30–18:00 local = 08:00–11:30Z and 12:30–17:00Z).
     * Period ?from=2025-03-08&to=2025-03-12: Saturday 8 March 00:00 to Wednesday 12 March 00:00 local.
     *
     * Open: Saturday 8 h + Sunday 0 (closed) + Monday 0 (closed) + Tuesday 8 h = 16 h.
     * Status history: available since 1 March; Sat 15:00 local → out_of_order; Tue 10:00 → available;
     * Tue 16:00 → maintenance; Tue 17:00 → available.
     * Downtime: Sat 15:00–18:00 (3 h) + Tue 09:00–10:00 (1 h; Sun and Mon closed count nothing)
     *   + Tue 16:00–17:00 maintenance (1 h) = 5 h.
     * Availability = (16 − 5) / 16 = 68.75 % → 68.8. Failures = 1. MTBF = 11 / 1 = 11 h.
     * MTTR = the one out-of-order period, in opening hours: 3 h + 1 h = 4 h.
     * Booked (bookings stored below): Sat 09:00–11:00 (2 h); Sat 12:00–14:00 across lunch (12:00–12:30
     *   and 13:30–14:00 = 1 h); Sun 10:00–12:00 (closed: 0); Tue 09:30–10:30 (up from 10:00: 0.5 h);
     *   Tue 14:00–16:00 (2 h); Fri 7 March 10:00–11:00 (before the period: 0) → 5.5 h.
     * Utilisation = 5.5 / 11 = 50 %.
     * Usage: readings of +4 h (5 March, before), +1.5 h (8 March), +2.25 h (11 March), +3 h (12 March
     *   11:00 local, after) → 3.75 h.
     */
    it('computes the hand-computed example across closed days and status changes', async () => {
      const machine = await makeMachine(t, facilitator, { category: 'laser_cutter' });
      const changes = t.dataSource.getRepository(MachineStatusChange);
      await changes.delete({ machineId: machine.id });
      const history: [string, string | null, string][] = [
        ['2025-03-01T08:00:00Z', null, 'available'],
        ['2025-03-08T14:00:00Z', 'available', 'out_of_order'],
        ['2025-03-11T09:00:00Z', 'out_of_order', 'available'],
        ['2025-03-11T15:00:00Z', 'available', 'maintenance'],
        ['2025-03-11T16:00:00Z', 'maintenance', 'available'],
      ];
      for (const [at, from, to] of history) {
        await changes.insert(
          changes.create({
            machineId: machine.id,
            fromStatus: from as never,
            toStatus: to as never,
            reason: 'test',
            source: from ? 'manual' : 'created',
            sourceId: null,
            changedBy: null,
            changedAt: new Date(at),
          }),
        );
      }
      const readings = t.dataSource.getRepository(MachineUsageReading);
      let value = 0;
      for (const [at, delta] of [
        ['2025-03-05T10:00:00Z', 4],
        ['2025-03-08T10:00:00Z', 1.5],
        ['2025-03-11T13:00:00Z', 2.25],
        ['2025-03-12T10:00:00Z', 3],
      ] as const) {
        value += delta;
        await readings.insert(
          readings.create({ machineId: machine.id, value, delta, source: 'manual', sourceId: null, recordedBy: null, recordedAt: new Date(at) }),
        );
      }
      const url = `/api/machines/${machine.id}/metrics?from=2025-03-08&to=2025-03-12`;

      // Before any booking, nothing is booked.
      const before = await t.http().get(url).set(trainer.auth);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ bookedHours: 0, utilisationPct: 0 });

      const local = (text: string) => new Date(`${text}+01:00`);
      const booked = [
        ['2025-03-07T10:00', '2025-03-07T11:00'],
        ['2025-03-08T09:00', '2025-03-08T11:00'],
        ['2025-03-08T12:00', '2025-03-08T14:00'],
        ['2025-03-09T10:00', '2025-03-09T12:00'],
        ['2025-03-11T09:30', '2025-03-11T10:30'],
        ['2025-03-11T14:00', '2025-03-11T16:00'],
      ].map(([start, end]) => ({ start: local(start), end: local(end) }));
      // Stored as they were (the past cannot be booked through the API); cancelled ones do not count.
      const bookings = t.dataSource.getRepository(Booking);
      const row = (start: Date, end: Date, status: 'confirmed' | 'cancelled') =>
        bookings.create({ machineId: machine.id, kind: 'open_lab', status, startsAt: start, endsAt: end, title: null, partnerId: null, authorId: facilitator.userId, seriesId: null });
      await bookings.insert([
        ...booked.map(({ start, end }) => row(start, end, 'confirmed')),
        row(local('2025-03-10T09:00'), local('2025-03-10T12:00'), 'cancelled'),
      ]);
      const res = await t.http().get(url).set(facilitator.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        machineId: machine.id,
        from: '2025-03-07T23:00:00.000Z',
        to: '2025-03-11T23:00:00.000Z',
        openHours: 16,
        downtimeHours: 5,
        availabilityPct: 68.8,
        failures: 1,
        mtbfHours: 11,
        mttrHours: 4,
        bookedHours: 5.5,
        utilisationPct: 50,
        usageHours: 3.75,
      });
    });

    it('defaults to the last 30 days and never measures the future', async () => {
      const machine = await makeMachine(t, facilitator);
      const res = await t.http().get(`/api/machines/${machine.id}/metrics`).set(admin.auth);
      expect(res.status).toBe(200);
      const span = new Date(res.body.to).getTime() - new Date(res.body.from).getTime();
      expect(span).toBeGreaterThan(30 * 86_400_000 - 60_000);
      expect(span).toBeLessThanOrEqual(30 * 86_400_000);
      expect(res.body).toMatchObject({ failures: 0, mtbfHours: null, mttrHours: null, downtimeHours: 0 });

      const future = await t.http().get(`/api/machines/${machine.id}/metrics?from=2099-01-01&to=2099-02-01`).set(admin.auth);
      expect(future.status).toBe(200);
      expect(future.body).toMatchObject({ openHours: 0, availabilityPct: null, utilisationPct: null });
    });

    it('refuses inverted, too long or malformed periods (400), learners (403), malformed ids (404)', async () => {
      const machine = await makeMachine(t, facilitator);
      const inverted = await t.http().get(`/api/machines/${machine.id}/metrics?from=2025-03-12&to=2025-03-08`).set(facilitator.auth);
      expect(inverted.status).toBe(400);
      expect(inverted.body.details[0].field).toBe('to');
      expect((await t.http().get(`/api/machines/${machine.id}/metrics?from=2025-03-08&to=2025-03-08`).set(facilitator.auth)).status).toBe(400);
      expect((await t.http().get(`/api/machines/${machine.id}/metrics?from=2023-01-01&to=2025-01-01`).set(facilitator.auth)).status).toBe(400);
      const malformed = await t.http().get(`/api/machines/${machine.id}/metrics?from=yesterday`).set(facilitator.auth);
      expect(malformed.status).toBe(400);
      expect(malformed.body.details[0].field).toBe('from');
      expect((await t.http().get(`/api/machines/${machine.id}/metrics`).set(learner.auth)).status).toBe(403);
      expect((await t.http().get('/api/machines/nope/metrics').set(facilitator.auth)).status).toBe(404);
      expect((await t.http().get(`/api/machines/${UNKNOWN_ID}/metrics`).set(facilitator.auth)).status).toBe(404);
    });
  });
});
