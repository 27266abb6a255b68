import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { Booking } from '../src/bookings/booking.entity.js';
import { BookingsService } from '../src/bookings/bookings.service.js';
import { DomainError } from '../src/common/errors/domain-error.js';
import { makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

/** No double booking, ever: on SQLite (serialised transactions) and PostgreSQL (row lock + exclusion constraint). */
describe('no double booking under concurrency', () => {
  let t: TestApp;
  let admin: Session;
  let trainers: Session[];
  let day: DateTime;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    trainers = [];
    for (let i = 0; i < 4; i++) trainers.push(await makeStaff(t, admin, 'trainer'));
    day = nextWeekday(t, 'wed');
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (app: TestApp, session: Session, body: Record<string, unknown>) =>
    app.http().post('/api/bookings').set(session.auth).send({ kind: 'session', ...body });
  const confirmed = (machineId: string) =>
    t.dataSource.getRepository(Booking).find({ where: { machineId, status: 'confirmed' }, order: { startsAt: 'ASC' } });
  const assertNoOverlap = (list: Booking[]) => {
    for (let i = 1; i < list.length; i++) expect(list[i].startsAt.getTime()).toBeGreaterThanOrEqual(list[i - 1].endsAt.getTime());
  };

  it('16 identical parallel requests: exactly one 201, the others 409 BOOKING_CONFLICT', async () => {
    const machine = await makeMachine(t, admin, { requiresQualification: false });
    const body = { machineId: machine.id, ...slot(day, '10:00', '11:00') };
    const responses = await Promise.all(Array.from({ length: 16 }, (_, i) => post(t, trainers[i % trainers.length], body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(15).fill(409)]);
    const winner = responses.find((r) => r.status === 201)!;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(loser.body.error).toBe('BOOKING_CONFLICT');
      expect(loser.body.details.conflicts.map((c: { id: string }) => c.id)).toEqual([winner.body.id]);
    }
    expect((await confirmed(machine.id)).map((r) => r.id)).toEqual([winner.body.id]);
  });

  it('overlapping parallel requests leave no overlap', async () => {
    const machine = await makeMachine(t, admin, { requiresQualification: false });
    // 24 slots of 30 to 120 minutes on one afternoon, most of them overlapping others.
    const starts = ['13:30', '13:45', '14:00', '14:15', '14:30', '14:45', '15:00', '15:15', '15:30', '15:45', '16:00', '16:15'];
    const bodies = Array.from({ length: 24 }, (_, i) => {
      const start = starts[(i * 7) % starts.length];
      const [h, m] = start.split(':').map(Number);
      const minutes = h * 60 + m + 30 + ((i * 45) % 105);
      const end = `${String(Math.min(18, Math.floor(minutes / 60))).padStart(2, '0')}:${minutes >= 18 * 60 ? '00' : String(minutes % 60).padStart(2, '0')}`;
      return { machineId: machine.id, ...slot(day, start, end) };
    });
    const responses = await Promise.all(bodies.map((body, i) => post(t, trainers[i % trainers.length], body)));
    for (const res of responses) expect([201, 409]).toContain(res.status);
    const created = responses.filter((r) => r.status === 201).map((r) => r.body.id).sort();
    expect(created.length).toBeGreaterThan(1);
    const stored = await confirmed(machine.id);
    expect(stored.map((r) => r.id).sort()).toEqual(created);
    assertNoOverlap(stored);
  });

  it('8 parallel series on one machine with non-overlapping slots: all 201, no deadlock', async () => {
    const machine = await makeMachine(t, admin, { requiresQualification: false });
    const starts = ['09:00', '10:00', '11:00', '13:30', '14:30', '15:30', '16:30', '17:00'];
    const responses = await Promise.all(
      starts.map((start, i) =>
        t
          .http()
          .post('/api/bookings/series')
          .set(trainers[i % trainers.length].auth)
          .send({ machineId: machine.id, kind: 'session', firstStartsAt: slot(day, start, start).startsAt, durationMinutes: 30, count: 3 }),
      ),
    );
    expect(responses.map((r) => `${r.status} ${r.body.error ?? ''}`)).toEqual(Array(8).fill('201 '));
    for (const res of responses) expect({ created: res.body.created.length, skipped: res.body.skipped }).toEqual({ created: 3, skipped: [] });
    const list = await confirmed(machine.id);
    expect(list).toHaveLength(24);
    assertNoOverlap(list);
  });

  it('parallel moves into one slot: exactly one succeeds', async () => {
    const machine = await makeMachine(t, admin, { requiresQualification: false });
    const bookings = [];
    for (const [start, end] of [
      ['09:00', '09:30'],
      ['09:30', '10:00'],
      ['10:00', '10:30'],
      ['10:30', '11:00'],
      ['11:00', '11:30'],
      ['11:30', '12:00'],
      ['12:00', '12:30'],
      ['13:30', '14:00'],
    ]) {
      bookings.push(await makeBooking(t, admin, { machineId: machine.id, ...slot(day, start, end) }));
    }
    const target = slot(day, '16:00', '17:00');
    const responses = await Promise.all(bookings.map((b) => t.http().patch(`/api/bookings/${b.id}`).set(admin.auth).send(target)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    assertNoOverlap(await confirmed(machine.id));
  });

  it('a cancellation and a booking of the freed slot in parallel never overlap', async () => {
    const machine = await makeMachine(t, admin, { requiresQualification: false });
    const booking = await makeBooking(t, admin, { machineId: machine.id, ...slot(day, '14:00', '15:00') });
    const [cancelled, ...attempts] = await Promise.all([
      t.http().post(`/api/bookings/${booking.id}/cancel`).set(admin.auth).send({}),
      ...Array.from({ length: 8 }, (_, i) => post(t, trainers[i % trainers.length], { machineId: machine.id, ...slot(day, '14:00', '15:00') })),
    ]);
    expect(cancelled.status).toBe(200);
    expect(attempts.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
    assertNoOverlap(await confirmed(machine.id));
    expect((await confirmed(machine.id)).length).toBeLessThanOrEqual(1);
  });

  it('a machine that does not exist, 100 parallel requests for overlapping slots: each a 400 naming machineId, no deadlock', async () => {
    // On PostgreSQL the write is sent with the machine's lock (RawWriter.pipelinedBatch), so it
    // reaches the server even when the lock found no row; requests for one unknown machine must
    // still take turns, or their writes wait on each other's (deadlocks, a second each).
    const missing = randomUUID();
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(t, trainers[i % trainers.length], { machineId: missing, ...slot(day, ['09:00', '09:30', '10:00'][i % 3], ['10:30', '11:00', '11:30'][i % 3]) }),
      ),
    );
    const elapsed = Date.now() - started;
    for (const res of responses) {
      expect({ status: res.status, error: res.body.error, fields: res.body.details?.map((f: { field: string }) => f.field) }).toEqual({
        status: 400,
        error: 'VALIDATION_FAILED',
        fields: ['machineId'],
      });
    }
    // Not a speed figure: each deadlock costs PostgreSQL's deadlock_timeout (1 s) before it is
    // broken, and 100 requests took over a minute that way; taking turns, well under a second.
    expect(elapsed).toBeLessThan(15_000);
  });

  (onPostgres() ? describe : describe.skip)('PostgreSQL', () => {
    it('holds across API processes: two apps on one database, 16 parallel requests, one 201', async () => {
      const other = await createTestApp({ DATABASE_URL: t.databaseUrl });
      try {
        const machine = await makeMachine(t, admin, { requiresQualification: false });
        const body = { machineId: machine.id, ...slot(day, '16:00', '17:30') };
        const responses = await Promise.all(
          Array.from({ length: 16 }, (_, i) => post(i % 2 === 0 ? t : other, trainers[i % trainers.length], body)),
        );
        expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(15).fill(409)]);
        expect(await confirmed(machine.id)).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it('the exclusion constraint refuses overlapping confirmed rows, even written behind the services’ back', async () => {
      const machine = await makeMachine(t, admin, { requiresQualification: false });
      const first = await makeBooking(t, admin, { machineId: machine.id, ...slot(day, '09:00', '10:00') });
      const insert = (status: string, start: string, end: string) =>
        t.dataSource.query(
          `INSERT INTO bookings (id, machine_id, kind, status, starts_at, ends_at, author_id) VALUES ($1, $2, 'session', $3, $4, $5, $6)`,
          [randomUUID(), machine.id, status, slot(day, start, end).startsAt, slot(day, start, end).endsAt, admin.userId],
        );
      const refused = await insert('confirmed', '09:30', '10:30').catch((error: unknown) => error);
      expect(refused).toMatchObject({ driverError: { code: '23P01' } });
      // The services report such a refusal as the overlap check does.
      const range = slot(day, '09:30', '10:30');
      const mapped = await t.app
        .get(BookingsService)
        .conflictOr(refused, machine.id, { start: new Date(range.startsAt), end: new Date(range.endsAt) });
      expect(mapped).toBeInstanceOf(DomainError);
      expect(mapped).toMatchObject({ code: 'BOOKING_CONFLICT', details: { conflicts: [{ id: first.id, startsAt: first.startsAt, endsAt: first.endsAt }] } });
      await expect(insert('cancelled', '09:30', '10:30')).resolves.toBeDefined();
      await expect(insert('confirmed', '10:00', '10:30')).resolves.toBeDefined(); // [) ranges: touching is fine
      expect(first.status).toBe('confirmed');
    });
  });
});
