import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freezeClock } from './factories/bookings.js';
import { makeParticipant, participantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { ADMIN_PASSWORD, createTestApp, onPostgres, sqliteFileDatabase, type TestApp } from './helpers/test-app.js';

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process on the same SQLite file (the sqlite3 shell, a backup, `npm run seed:demo`, a
 * RUN_MODE=worker process): it runs `sql` then holds what it took for `holdMs` before COMMIT.
 * Resolves once it holds it.
 */
async function otherProcess(file: string, sql: string, holdMs: number): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite3)});
    const db = new Database(${JSON.stringify(file)});
    db.exec(${JSON.stringify(sql)});
    process.stdout.write('held\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`other process exited with ${code}`)));
  });
  return child;
}

/** The longest time the event loop ran nothing (no timer, no request) while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = Date.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, Date.now() - last);
}

const describeSqlite = onPostgres() ? describe.skip : describe;

describeSqlite('the shared SQLite connection (better-sqlite3, on the main thread) on a file, beside another process', () => {
  const db = sqliteFileDatabase();
  const file = db.env.DATABASE_URL?.slice('sqlite:'.length) ?? '';
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;

  beforeAll(async () => {
    t = await createTestApp(db.env);
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
  });
  afterAll(async () => {
    await t.close();
    db.remove();
  });

  it('commits as durably as before: synchronous FULL, as node-sqlite3 opened the file (better-sqlite3 builds SQLite with WAL_SYNCHRONOUS=1)', async () => {
    const [row] = (await t.dataSource.query('PRAGMA synchronous')) as Array<{ synchronous: number }>;
    expect(row.synchronous).toBe(2);
  });

  // A login's transaction writes first (its refresh token): SQLite's busy handler would wait for
  // the lock on the main thread; TransactionRunner waits off it and tries again.
  it('a login waiting for another process to commit does not stop the process meanwhile, and succeeds', async () => {
    const other = await otherProcess(file, 'BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS review_lock (x)', 2_500);
    let status = 0;
    const stall = await longestStall(async () => {
      status = (await t.http().post('/api/auth/login').send({ login: 'admin', password: ADMIN_PASSWORD })).status;
    });
    other.kill();
    expect({ status, stall: stall < 500 ? 'under 500 ms' : `${stall} ms` }).toEqual({ status: 200, stall: 'under 500 ms' });
  }, 30_000);

  it('an erasure while another process reads (a backup, the sqlite3 shell) does not stop the process: the checkpoint waits off the main thread', async () => {
    const person = await makeParticipant(t, facilitator, { lastName: 'Effacable' });
    const other = await otherProcess(file, 'BEGIN; SELECT COUNT(*) FROM participants', 7_000);
    const stall = await longestStall(() => t.http().delete(`/api/participants/${person.id}`).set(admin.auth).expect(204));
    other.kill();
    expect(stall < 1_000 ? 'under 1 s' : `${stall} ms`).toBe('under 1 s');
  }, 60_000);

  // Each erasure is a transaction of a dozen statements and a checkpoint. better-sqlite3 answers
  // each `await` at once: without a turn of the event loop between transactions, the sweep's loop
  // over thousands of people never let a timer or a request in (on the ten-year bench copy,
  // 3,898 erasures held the process 33 s, liveness unanswered).
  it('the retention sweep lets requests in between its erasures', async () => {
    for (let i = 0; i < 60; i++) await makeParticipant(t, facilitator);
    freezeClock(t, new Date(Date.now() + 4 * 366 * 86_400_000));
    let anonymised = 0;
    const stall = await longestStall(async () => {
      const res = await t.http().post('/api/admin/jobs/retention/run').set(admin.auth).expect(200);
      anonymised = res.body.outcome.anonymised;
    });
    freezeClock(t, null);
    expect({ anonymised: anonymised >= 60, stall: stall < 100 ? 'under 100 ms' : `${stall} ms` }).toEqual({ anonymised: true, stall: 'under 100 ms' });
  }, 60_000);

  // TypeORM's BEGIN is deferred, and a transaction that has read takes the write lock without
  // SQLite's busy handler — SQLITE_BUSY at once (a 500 with node-sqlite3 too) whenever another
  // process is writing: TransactionRunner runs it again once the lock is free.
  it('creating a participant while another process writes waits for it instead of failing', async () => {
    const other = await otherProcess(file, 'BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS review_lock (x)', 1_500);
    const res = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody());
    other.kill();
    expect(res.status).toBe(201);
  }, 30_000);
});
