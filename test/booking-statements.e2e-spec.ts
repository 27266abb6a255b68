import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DateTime } from 'luxon';
import { QUEUES } from '../src/common/queues/queues.constants.js';
import { nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { recordStatements } from './helpers/statements.js';
import { machineHoldsParameters, WRITING_HOLDS_SQL } from '../src/bookings/machine-holds.service.js';
import { createTestApp, onPostgres, type TestApp } from './helpers/test-app.js';

/**
 * What one booking creation costs the database and Redis, counted so that it cannot creep back
 * up: every statement (BEGIN and COMMIT included, and the reads RawReader sends around TypeORM)
 * and every write to the notifications queue's Redis connection (a pipeline is one write, one
 * round trip).
 */
describe('POST /bookings: statements and Redis round trips', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { id: string; partnerId: string | null } };
  let day: DateTime;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp({ REMINDER_LEAD_MINUTES: '1440,120' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    day = nextWeekday(t, 'wed', 3);
    queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications));
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs `request` counting the statements and the notifications queue's Redis writes. */
  async function measured<T>(request: () => Promise<T>): Promise<{ result: T; statements: string[]; redisWrites: number }> {
    // BullMQ's client is a proxy over the ioredis connection: its socket is the connection's.
    const client = (await queue.getBackend().client) as unknown as Redis;
    const write = client.stream.write;
    let redisWrites = 0;
    client.stream.write = ((...args: Parameters<typeof write>) => {
      redisWrites++;
      return write.apply(client.stream, args);
    }) as typeof write;
    const recording = recordStatements(t.dataSource, t.app);
    try {
      const result = await request();
      return { result, statements: recording.stop(), redisWrites };
    } finally {
      recording.stop();
      client.stream.write = write;
    }
  }

  /**
   * The statement that inserts the booking: on PostgreSQL it also writes `alsoInto` and reads what
   * holds the machine (BookingChecksService.assertFreeWriting); on SQLite each is a statement of its own.
   */
  const expectWrittenTogether = (statements: string[], alsoInto: string[]) => {
    const inserts = statements.filter((s) => /INSERT INTO (bookings|booking_participants|outbox) /.test(s));
    const booking = inserts.find((s) => s.includes('INSERT INTO bookings '));
    expect(booking).toBeDefined();
    for (const table of alsoInto) expect(booking!.includes(`INSERT INTO ${table} `)).toBe(onPostgres());
    expect(booking!.includes('FROM work_orders')).toBe(onPostgres());
    expect(inserts).toHaveLength(onPostgres() ? 1 : 1 + alsoInto.length);
    expect(statements.filter((s) => s.includes('FROM work_orders'))).toHaveLength(1);
  };

  const reminderJobsOf = async (id: string) => {
    const reminders = await rows<{ job_id: string }>(t, "SELECT job_id FROM outbox WHERE subject_id = $1 AND kind = 'booking_reminder'", [id]);
    expect(reminders.map((r) => r.job_id).sort()).toEqual([`booking-${id}-lead-120`, `booking-${id}-lead-1440`]);
    return Promise.all(reminders.map((r) => queue.getJob(r.job_id)));
  };

  it('without attendees: at most 8 statements (the caller, opening hours, BEGIN, machine, what holds it, booking, reminders, COMMIT), 5 on PostgreSQL, one Redis round trip', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    // Warm-up: the first request of a process prepares what later ones reuse.
    await t.http().post('/api/bookings').set(facilitator.auth).send({ machineId: machine.id, kind: 'training', ...slot(day, '09:00', '09:30') }).expect(201);

    const { result, statements, redisWrites } = await measured(() =>
      t.http().post('/api/bookings').set(facilitator.auth).send({ machineId: machine.id, kind: 'training', ...slot(day, '10:00', '10:30') }),
    );
    expect(result.status).toBe(201);
    // PostgreSQL: the opening hours are read with the machine; what holds the machine, the
    // booking and its reminders go as one statement.
    expect(statements.length).toBeLessThanOrEqual(onPostgres() ? 5 : 8);
    expect(statements.some((s) => s.includes('FROM settings') && s.includes('FROM machines'))).toBe(onPostgres());
    expectWrittenTogether(statements, ['outbox']);
    expect(redisWrites).toBe(1);
    const jobs = await reminderJobsOf(result.body.id as string);
    expect(jobs.every((job) => job !== undefined)).toBe(true);
  });

  // Planned anew for each booking, the statement cost the server 0.23–0.37 ms of CPU per booking on
  // the bench's ten-year data (its read compared the slot's instants directly): the read now
  // passes them as subqueries (MachineHoldsReader's WRITING_HOLDS_SQL), so PostgreSQL keeps one
  // general plan. That plan must still find the machine's few holds through an index.
  (onPostgres() ? it : it.skip)('PostgreSQL: the general plan of what holds the machine scans the exclusion index for the machine and the slot', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: false });
    // Years of history on the machine, as the planner sees them.
    await t.dataSource.query(
      `INSERT INTO bookings (id, machine_id, kind, status, starts_at, ends_at, author_id)
       SELECT gen_random_uuid()::text, $1, 'training', 'confirmed', now() - (n || ' hours')::interval - interval '1 day',
              now() - (n || ' hours')::interval - interval '1 day' + interval '30 minutes', $2
         FROM generate_series(1, 20000) n`,
      [machine.id, facilitator.userId],
    );
    await t.dataSource.query('ANALYZE bookings');
    const start = day.plus({ days: 7, hours: 10 }).toJSDate();
    const [query, values] = t.dataSource.driver.escapeQueryWithParameters(
      WRITING_HOLDS_SQL,
      machineHoldsParameters(machine.id, { start, end: new Date(start.getTime() + 30 * 60_000) }),
      {},
    );
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL plan_cache_mode = force_generic_plan');
      await runner.query(`PREPARE writing_holds AS ${query}`);
      // EXPLAIN takes no parameters: the values as literals.
      const literal = (value: unknown) => `'${(value instanceof Date ? value.toISOString() : String(value)).replaceAll("'", "''")}'`;
      const plan = ((await runner.query(`EXPLAIN EXECUTE writing_holds(${values.map(literal).join(', ')})`)) as Array<{ 'QUERY PLAN': string }>)
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index Scan (using|on) "EX_bookings_no_overlap"[^\n]*\n\s+Index Cond: \(\(\(machine_id\)::text = [^\n]*tstzrange\(starts_at, ends_at, '\[\)'::text\) &&/);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.query('DEALLOCATE writing_holds').catch(() => undefined); // not prepared if PREPARE failed
      await runner.release();
    }
  });

  it('with qualified attendees: three more (who they are, their qualifications, their rows; on PostgreSQL their rows go with the booking), still one Redis round trip', async () => {
    const machine = await makeMachine(t, facilitator, { requiresQualification: true, category: 'laser_cutter' });
    const participants = [
      await makeParticipant(t, facilitator, { referredByPartnerId: trainer.user.partnerId }),
      await makeParticipant(t, facilitator, { referredByPartnerId: trainer.user.partnerId }),
    ];
    for (const p of participants) {
      await t.http().post(`/api/participants/${p.id}/qualifications`).set(facilitator.auth).send({ category: 'laser_cutter' }).expect(201);
    }
    const participantIds = participants.map((p) => p.id).sort();

    const { result, statements, redisWrites } = await measured(() =>
      t.http().post('/api/bookings').set(trainer.auth).send({ machineId: machine.id, kind: 'session', ...slot(day, '10:00', '11:00'), participantIds }),
    );
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ participantIds, attendeeIds: [], partnerId: trainer.user.partnerId, status: 'confirmed' });
    expect(statements.length).toBeLessThanOrEqual(onPostgres() ? 7 : 11);
    expectWrittenTogether(statements, ['booking_participants', 'outbox']);
    expect(redisWrites).toBe(1);

    // Everything was written: the booking as answered, its attendees, both reminders and their jobs.
    const id = result.body.id as string;
    expect((await t.http().get(`/api/bookings/${id}`).set(trainer.auth).expect(200)).body).toEqual(result.body);
    expect((await rows(t, 'SELECT participant_id FROM booking_participants WHERE booking_id = $1', [id])).length).toBe(2);
    const jobs = await reminderJobsOf(id);
    expect(jobs.map((job) => job?.data)).toEqual(expect.arrayContaining([{ outboxId: expect.any(String) }, { outboxId: expect.any(String) }]));
  });
});
