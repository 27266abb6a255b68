// npm run bench [-- --db postgres] [--fresh] [--duration 10] [--connections 8] [--only progress]
//
// Starts the real server (node dist/main.js, RUN_MODE=api) on a generated data set of ten years
// at 600 young people a year (≈ 6,000 participants, 20,000 enrolments, 120,000 progress events,
// 100,000 bookings), drives it with autocannon from this process, and prints for each scenario
// requests/s, p50 and p99 latency, and the ratio to GET /api/health/live measured in the same run.
// STATS_CACHE_SECONDS=0 / PROGRESS_CACHE_SECONDS=0 in the environment run the server without those caches.
// The period report (GET /stats/report) is never cached: it is measured on one connection.
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { Participant } from '../participants/participant.entity.js';
import { generateDataset } from './dataset/generate-dataset.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const db = option('db', 'sqlite');
const fresh = args.includes('--fresh');
const duration = Number(option('duration', '10'));
const connections = Number(option('connections', '8'));
/** Runs only the scenarios whose name contains this text (the liveness reference always runs). */
const only = option('only', '');
const PASSWORD = 'bench-password-1';
const ZONE = 'Europe/Paris';
const PORT = 3900 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;

interface Scenario {
  name: string;
  run: () => Promise<autocannon.Result>;
}

async function main(): Promise<void> {
  const databaseUrl = await prepareDatabaseUrl();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: 'bench',
    APP_TIMEZONE: ZONE,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    ADMIN_PASSWORD: PASSWORD,
    DATA_DIR: join(ROOT, 'data', 'bench'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // The caches can be switched off to measure what they save (0: always computed).
    STATS_CACHE_SECONDS: process.env.STATS_CACHE_SECONDS ?? '30',
    PROGRESS_CACHE_SECONDS: process.env.PROGRESS_CACHE_SECONDS ?? '10',
  };
  await seedIfEmpty(env);

  const server = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, RUN_MODE: 'api', PORT: String(PORT) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForServer();
    const facilitator = await login('animatrice.sonia');
    const learner = await login('jeune.1');
    const learnerPage = await webSession('jeune.1');
    const machines = (await getJson('/api/machines?limit=50', facilitator)).items as Array<{ id: string; code: string }>;
    const busy = machines[0].id;
    const benchMachines = await Promise.all(
      [1, 2, 3].map((n) =>
        postJson('/api/machines', facilitator, {
          code: `BENCH-${Date.now().toString(36)}-${n}`,
          name: `Machine de mesure ${n}`,
          category: 'other',
          requiresQualification: false,
        }),
      ),
    );
    const slots = freeSlots(benchMachines.map((m) => m.id as string));
    const from = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
    const lastYear = DateTime.now().setZone(ZONE).year - 1;
    const yearReport = `/api/stats/report?from=${lastYear}-01-01&to=${lastYear + 1}-01-01`;
    const availability = `/api/machines/${busy}/availability?from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(from.plus({ days: 7 }).toISO()!)}`;

    const scenarios: Scenario[] = [
      { name: 'GET /api/health/live', run: () => cannon({ url: `${BASE}/api/health/live` }) },
      { name: 'GET /api/stats/target', run: () => cannon({ url: `${BASE}/api/stats/target`, headers: auth(facilitator) }) },
      // Never cached: one connection, so that the latency is the report's own time, not a queue's.
      { name: 'GET /api/stats/report (last year, 1 connection)', run: () => cannon({ url: `${BASE}${yearReport}`, headers: auth(facilitator), connections: 1 }) },
      { name: 'GET /api/stats/report.xlsx (last year, 1 connection)', run: () => cannon({ url: `${BASE}${yearReport.replace('report?', 'report.xlsx?')}`, headers: auth(facilitator), connections: 1 }) },
      { name: 'GET /api/me/progress (learner)', run: () => cannon({ url: `${BASE}/api/me/progress`, headers: auth(learner) }) },
      { name: 'GET /parcours (learner home page)', run: () => cannon({ url: `${BASE}/parcours`, headers: { cookie: learnerPage } }) },
      { name: 'GET /api/machines/:id/availability (7 days)', run: () => cannon({ url: `${BASE}${availability}`, headers: auth(facilitator) }) },
      {
        name: 'POST /api/bookings',
        run: () => {
          let next = 0;
          return cannon({
            url: `${BASE}/api/bookings`,
            method: 'POST',
            headers: { ...auth(facilitator), 'content-type': 'application/json' },
            amount: Math.min(slots.length, 3_000),
            requests: [
              {
                setupRequest: (request) => {
                  const slot = slots[next++ % slots.length];
                  return { ...request, body: JSON.stringify({ ...slot, kind: 'training', title: 'Mesure' }) };
                },
              },
            ],
          });
        },
      },
    ];

    const results: Array<{ name: string; result: autocannon.Result }> = [];
    const chosen = scenarios.filter((s, i) => i === 0 || s.name.includes(only));
    for (const scenario of chosen) {
      process.stdout.write(`running ${scenario.name} …\n`);
      const result = await scenario.run();
      if (result.non2xx > 0) process.stdout.write(`  non-2xx answers: ${JSON.stringify(result.statusCodeStats)}\n`);
      results.push({ name: scenario.name, result });
    }
    report(results);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server as ChildProcess).once('exit', resolve));
  }
}

/** A fixed duration, or a fixed number of requests (`amount`) for scenarios that use up slots. */
function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections, ...(options.amount ? {} : { duration }), ...options } as autocannon.Options);
}

function report(results: Array<{ name: string; result: autocannon.Result }>): void {
  const live = results[0].result.requests.average;
  const rows = results.map(({ name, result }) => ({
    scenario: name,
    'req/s': result.requests.average.toFixed(0),
    'p50 ms': result.latency.p50.toFixed(1),
    'p99 ms': result.latency.p99.toFixed(1),
    'vs live': `${((result.requests.average / live) * 100).toFixed(0)} %`,
    requests: result.requests.total,
    'non-2xx': result.non2xx,
    errors: result.errors + result.timeouts,
  }));
  process.stdout.write(`\nDynamo Fablab benchmark — ${db}, ${connections} connections, ${duration} s per scenario\n`);
  // eslint-disable-next-line no-console -- the benchmark's output is a table on the console
  console.table(rows);
}

async function prepareDatabaseUrl(): Promise<string> {
  if (db === 'sqlite') {
    const file = join(ROOT, 'data', 'bench', 'fablab-bench.sqlite');
    if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    mkdirSync(dirname(file), { recursive: true });
    return `sqlite:${file}`;
  }
  const admin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const exists = (await client.query("SELECT 1 FROM pg_database WHERE datname = 'fablab_bench'")).rowCount;
  if (fresh && exists) await client.query('DROP DATABASE fablab_bench WITH (FORCE)');
  if (fresh || !exists) await client.query('CREATE DATABASE fablab_bench');
  await client.end();
  const url = new URL(admin);
  url.pathname = '/fablab_bench';
  return url.toString();
}

async function seedIfEmpty(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...env, RUN_MODE: 'api' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get(DataSource);
    if ((await dataSource.getRepository(Participant).count()) > 0) {
      process.stdout.write('reusing the generated data set (--fresh to regenerate)\n');
      // Planner statistics as a running database has them (autovacuum may be off, as on the CI
      // machine): without them PostgreSQL guesses 0.5 % of a table per key and picks parallel plans.
      if (db === 'postgres') await dataSource.query('ANALYZE');
      return;
    }
    process.stdout.write('generating ten years at 600 young people a year …\n');
    const started = Date.now();
    const summary = await generateDataset(dataSource, {
      years: 10,
      participantsPerYear: 600,
      enrollmentsPerParticipant: 3.4,
      bookings: 100_000,
      learnerAccounts: 20,
      learnerPassword: PASSWORD,
      staffPassword: PASSWORD,
      timezone: ZONE,
      now: new Date(),
      seed: 42,
    });
    await dataSource.query('ANALYZE');
    const { learnerLogins: _l, staffLogins: _s, machineIds: _m, ...counts } = summary;
    process.stdout.write(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}\n`);
  } finally {
    await app.close();
  }
}

/** 30-minute slots on the bench machines over the next 80 days, inside the default opening hours. */
function freeSlots(machineIds: string[]): Array<{ machineId: string; startsAt: string; endsAt: string }> {
  const slots: Array<{ machineId: string; startsAt: string; endsAt: string }> = [];
  const first = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
  for (let d = 0; d < 80; d++) {
    const day = first.plus({ days: d });
    if (day.weekday < 2 || day.weekday > 6) continue;
    for (const [from, to] of [[9, 12.5], [13.5, 18]]) {
      for (let h = from; h + 0.5 <= to; h += 0.5) {
        for (const machineId of machineIds) {
          const start = day.plus({ minutes: h * 60 });
          slots.push({ machineId, startsAt: start.toUTC().toISO()!, endsAt: start.plus({ minutes: 30 }).toUTC().toISO()! });
        }
      }
    }
  }
  return slots;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function login(name: string): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: name, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Logs in through the login form as a browser does (CSRF cookie and token first); the cookies to send. */
async function webSession(name: string): Promise<string> {
  const form = await fetch(`${BASE}/connexion`);
  const seed = form.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${BASE}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, cookie: seed.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, login: name, password: PASSWORD }).toString(),
  });
  if (res.status !== 303) throw new Error(`web login ${name}: ${res.status}`);
  return [...seed, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

async function getJson(path: string, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${BASE}${path}`, { headers: auth(token) });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

async function postJson(path: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${BASE}${path}`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${BASE}/api/health/live`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not start');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});

