// npm run bench [-- --db postgres] [--fresh] [--duration 10] [--connections 8] [--only progress]
//                  [--sets small,large] [--caches on,off]
//
// Starts the real server (node dist/main.js, RUN_MODE=api) on generated data sets — "large": ten
// years at 600 young people a year (≈ 6,000 participants, 20,000 enrolments, 120,000 progress
// events, 100,000 bookings), "small": one year (600 young people, 10,000 bookings) — drives it with
// autocannon from this process, and prints for each scenario requests/s, p50 and p99 latency, and
// its ratio to GET /api/health/live on the same server. Each scenario is first run for a fifth of
// --duration (at least a second), unmeasured (a warm-up: its code compiled, and the previous
// scenario's garbage collected), then measured in slices of about two seconds that take turns
// with liveness samples as long (liveness, slice, liveness … slice, liveness): the scenario's
// ratio is its responses over what liveness answered in the same time (see ROUNDS).
// Each data set is measured with
// the caches (STATS_CACHE_SECONDS=30, PROGRESS_CACHE_SECONDS=10) and without them (0), each by a
// server of its own. What a run adds is removed afterwards: its machines, bookings, outbox
// entries and sessions from the database, its queue (a key prefix of its own) from Redis. The
// last line sums up the ratios. The period report (GET /stats/report) is never cached: it is
// measured on one connection.
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from '../database/database-options.js';
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
if (!Number.isInteger(duration) || duration < 3 || duration > 120) throw new Error('--duration: whole seconds, 3 to 120');
const connections = Number(option('connections', '8'));
/** Runs only the scenarios whose name contains this text (the liveness reference always runs). */
const only = option('only', '');
const PASSWORD = 'bench-password-1';
const ZONE = 'Europe/Paris';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The data sets: the same generator at two sizes, to show what grows with history. */
const DATA_SETS = {
  small: { years: 1, participantsPerYear: 600, bookings: 10_000 },
  large: { years: 10, participantsPerYear: 600, bookings: 100_000 },
} as const;
type DataSetName = keyof typeof DATA_SETS;
const sets = option('sets', 'small,large').split(',') as DataSetName[];
for (const set of sets) if (!(set in DATA_SETS)) throw new Error(`--sets: unknown data set "${set}" (small, large)`);
const cacheModes = option('caches', 'on,off')
  .split(',')
  .map((mode) => mode === 'on');

/** What a scenario gets: the server, sessions and the machines the run prepared. */
interface BenchContext {
  base: string;
  facilitator: string;
  learner: string;
  /** The learner's web session cookies (the pages do not take a bearer token). */
  learnerPage: string;
  /** A machine of the generated data, with its history of bookings. */
  busyMachineId: string;
  /** 30-minute slots free for this run's bookings, on machines it created. */
  freeSlots: Array<{ machineId: string; startsAt: string; endsAt: string }>;
  /** The first of `freeSlots` not booked yet (the warm-up books some). */
  nextSlot: number;
}

/** Parallel bad logins of the "argon2 starves the database" scenario. */
const BAD_LOGINS = 16;

/**
 * What `cannon` runs: the short unmeasured warm-up, one of the measured slices (a `ROUNDS`th of
 * --duration, taking turns with liveness; counted from SLICE_SETTLE_MS in), or all of --duration
 * at once.
 */
type Phase = 'warm-up' | 'slice' | 'whole';

interface Scenario {
  name: string;
  /** Pass `phase` on to `cannon`. */
  run: (ctx: BenchContext, phase: Phase) => Promise<Cannonade>;
  /**
   * `false`: measured in one block of --duration between two liveness samples, not in slices (a
   * scenario that needs time to build up its load).
   */
  alternate?: false;
}

/**
 * A scenario is measured in this many slices of --duration / ROUNDS seconds (about two seconds
 * each, at least three slices), each between two liveness samples of the same length (liveness,
 * slice, liveness, slice … liveness). With one block of the scenario between a liveness sample
 * before and one after, the same code read 9.4 % and 13.1 % of liveness in two runs: liveness
 * itself moved from 2,142 to 4,460/s within a run, and two seconds apart is closer than five.
 *
 * The scenario's ratio is pooled: its 2xx responses over all its slices divided by what liveness
 * answered in the same time (each slice's seconds times the mean of the liveness samples on either
 * side), so a cost that comes back every few seconds (a major collection, a cache refreshed) is
 * paid in the ratio as in a long block. The median of the slices' own ratios is printed beside it
 * as a check. Slices are two seconds rather than one so that what one part leaves to the next
 * (garbage a slice made, collected during the liveness sample after it) weighs less, and each part
 * is counted from SLICE_SETTLE_MS after its start, the same for both.
 */
const ROUNDS = Math.max(3, Math.round(duration / 2));

/** The liveness samples either side of a scenario measured in one block (`alternate: false`). */
const LIVENESS_BLOCK_SECONDS = Math.max(2, Math.round(duration / 3));

/** The start of each slice and liveness sample left out of its count: connections opening, the previous part's leftovers. */
const SLICE_SETTLE_MS = 200;

/**
 * The warm-up before each scenario: one second (two at --duration 10), or at most this many
 * requests for a scenario of a fixed number of requests. Without it, the scenario after the
 * workbook's (GET /api/me/progress) ran at 555–584/s where a second run gave 777–837/s, and the
 * liveness reference between them had dropped to 1,800–2,100/s from 2,500–3,400/s: the workbooks'
 * garbage was being collected, and that was measured as the next route's cost.
 */
const WARM_UP_SECONDS = Math.max(1, Math.round(duration / 5));
const WARM_UP_REQUESTS = 100;

const availability = (ctx: BenchContext, days: number, phase: Phase) => {
  const from = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
  const query = `from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(from.plus({ days }).toISO()!)}`;
  return cannon({ url: `${ctx.base}/api/machines/${ctx.busyMachineId}/availability?${query}`, headers: auth(ctx.facilitator) }, phase);
};

/** Last year's period report (GET /stats/report), as a query string. */
const lastYearReport = () => {
  const lastYear = DateTime.now().setZone(ZONE).year - 1;
  return `/api/stats/report?from=${lastYear}-01-01&to=${lastYear + 1}-01-01`;
};

/** The scenarios, in order; the first is the reference the others are compared with. Add one here. */
const SCENARIOS: Scenario[] = [
  { name: 'GET /api/health/live', run: (ctx, phase) => cannon({ url: `${ctx.base}/api/health/live` }, phase) },
  { name: 'GET /api/stats/target', run: (ctx, phase) => cannon({ url: `${ctx.base}/api/stats/target`, headers: auth(ctx.facilitator) }, phase) },
  // One request at a time: its p50 is the time of one computation of the year's figures (uncached, caches off).
  {
    name: 'GET /api/stats/target (1 connection)',
    run: (ctx, phase) => cannon({ url: `${ctx.base}/api/stats/target`, headers: auth(ctx.facilitator), connections: 1 }, phase),
  },
  // Never cached: one connection, so that the latency is the report's own time, not a queue's.
  {
    name: 'GET /api/stats/report (last year, 1 connection)',
    run: (ctx, phase) => cannon({ url: `${ctx.base}${lastYearReport()}`, headers: auth(ctx.facilitator), connections: 1 }, phase),
  },
  {
    name: 'GET /api/stats/report.xlsx (last year, 1 connection)',
    run: (ctx, phase) => cannon({ url: `${ctx.base}${lastYearReport().replace('report?', 'report.xlsx?')}`, headers: auth(ctx.facilitator), connections: 1 }, phase),
  },
  { name: 'GET /api/me/progress (learner)', run: (ctx, phase) => cannon({ url: `${ctx.base}/api/me/progress`, headers: auth(ctx.learner) }, phase) },
  { name: 'GET /parcours (learner home page)', run: (ctx, phase) => cannon({ url: `${ctx.base}/parcours`, headers: { cookie: ctx.learnerPage } }, phase) },
  { name: 'GET /api/machines (idle)', run: (ctx, phase) => cannon({ url: `${ctx.base}/api/machines`, headers: auth(ctx.facilitator) }, phase) },
  {
    // The attack of issue 11: unknown logins, each a new name (no throttle applies), keep argon2
    // busy; authenticated reads (the guard's, on SQLite's read connections) must not queue behind
    // the hashing on the thread pool they share.
    name: `GET /api/machines during ${BAD_LOGINS} parallel bad logins`,
    // The burst needs its second to build up: one block, not slices.
    alternate: false,
    run: async (ctx, phase) => {
      if (phase === 'warm-up') return cannon({ url: `${ctx.base}/api/machines`, headers: auth(ctx.facilitator) }, phase);
      let n = 0;
      const burst = autocannon({
        url: `${ctx.base}/api/auth/login`,
        method: 'POST',
        connections: BAD_LOGINS,
        duration: duration + 2,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ login: `nobody-${Date.now()}-${n++}`, password: 'not-the-password' }) }) }],
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const reads = await cannon({ url: `${ctx.base}/api/machines`, headers: auth(ctx.facilitator) }, 'whole');
      const logins = await burst;
      process.stdout.write(`  bad logins meanwhile: ${logins.requests.total} (p50 ${logins.latency.p50} ms)\n`);
      // The server still hashes the logins in flight when autocannon hung up (they queue for
      // argon2, p99 long): let them finish, or they would slow the next scenario's liveness reference.
      await new Promise((resolve) => setTimeout(resolve, logins.latency.p99));
      return reads;
    },
  },
  { name: 'GET /api/machines/:id/availability (7 days)', run: (ctx, phase) => availability(ctx, 7, phase) },
  { name: 'GET /api/machines/:id/availability (31 days)', run: (ctx, phase) => availability(ctx, 31, phase) },
  {
    name: 'POST /api/bookings',
    run: (ctx, phase) =>
      cannon(
        {
          url: `${ctx.base}/api/bookings`,
          method: 'POST',
          headers: { ...auth(ctx.facilitator), 'content-type': 'application/json' },
          // Each slot once: what the warm-up booked is not asked for again (autocannon builds a
          // request only to send it; a request retried after a timeout takes the next slot, so a
          // slot may be skipped, never booked twice). 2,500 measured bookings, shared by the
          // slices, of 2,688–2,784 free slots (freeSlots, depending on the weekday of the run).
          amount: Math.min(ctx.freeSlots.length - ctx.nextSlot, phase === 'slice' ? Math.floor(2_500 / ROUNDS) : 2_500),
          requests: [
            {
              setupRequest: (request) => {
                const slot = ctx.freeSlots[ctx.nextSlot++ % ctx.freeSlots.length];
                return { ...request, body: JSON.stringify({ ...slot, kind: 'training', title: 'Mesure' }) };
              },
            },
          ],
        },
        phase,
      ),
  },
];

interface Measured {
  set: DataSetName;
  cached: boolean;
  name: string;
  result: Cannonade;
  /** Liveness requests/s on the same server, sampled before, between and after the scenario's slices. */
  live: number[];
  /** Each slice's requests/s as a share of the mean of the liveness samples on either side of it. */
  ratios: number[];
  /** 2xx responses over all slices / what liveness answered in the same time (see ROUNDS). */
  ratio: number;
}

async function main(): Promise<void> {
  const measured: Measured[] = [];
  for (const set of sets) {
    const databaseUrl = await prepareDatabaseUrl(set);
    for (const cached of cacheModes) {
      measured.push(...(await measureServer(set, databaseUrl, cached)));
    }
  }
  summarise(measured);
}

/** One server on one data set, caches on or off: every chosen scenario, then its traces removed. */
async function measureServer(set: DataSetName, databaseUrl: string, cached: boolean): Promise<Measured[]> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    // A queue of its own, deleted at the end: the reminders of the bookings made leave no job behind.
    QUEUE_PREFIX: `bench-${process.pid}-${set}-${cached ? 'cached' : 'uncached'}`,
    APP_TIMEZONE: ZONE,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    ADMIN_PASSWORD: PASSWORD,
    DATA_DIR: join(ROOT, 'data', 'bench'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    STATS_CACHE_SECONDS: cached ? '30' : '0',
    PROGRESS_CACHE_SECONDS: cached ? '10' : '0',
  };
  await seedIfEmpty(set, env);

  const startedAt = new Date();
  const created = { machineIds: [] as string[], userIds: [] as string[] };
  const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), join(ROOT, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, RUN_MODE: 'api', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const results: Array<Omit<Measured, 'set' | 'cached'>> = [];
  try {
    await waitForServer(base);
    const facilitator = await login(base, 'animatrice.sonia');
    const learner = await login(base, 'jeune.1');
    const learnerPage = await webSession(base, 'jeune.1');
    created.userIds.push(facilitator.userId, learner.userId);
    const machines = (await getJson(base, '/api/machines?limit=50', facilitator.token)).items as Array<{ id: string; code: string }>;
    const busyMachineId = machines.find((m) => !m.code.startsWith('BENCH-'))!.id;
    for (const n of [1, 2, 3]) {
      const machine = await postJson(base, '/api/machines', facilitator.token, {
        code: `BENCH-${Date.now().toString(36)}-${n}`,
        name: `Machine de mesure ${n}`,
        category: 'other',
        requiresQualification: false,
      });
      created.machineIds.push(machine.id as string);
    }
    const ctx: BenchContext = { base, facilitator: facilitator.token, learner: learner.token, learnerPage, busyMachineId, freeSlots: freeSlots(created.machineIds), nextSlot: 0 };

    process.stdout.write(`\n${db}, ${set} data set, caches ${cached ? 'on' : 'off'}\n`);
    const [reference, ...chosen] = SCENARIOS.filter((s, i) => i === 0 || s.name.includes(only));
    await reference.run(ctx, 'warm-up');
    const reached = await reference.run(ctx, 'whole');
    results.push({ name: reference.name, result: reached, live: [reached.rate], ratio: 1, ratios: [1] });
    const liveness = async (phase: Phase) => (await cannon({ url: `${base}/api/health/live`, ...(phase === 'whole' ? { duration: LIVENESS_BLOCK_SECONDS } : {}) }, phase)).rate;
    for (const scenario of chosen) {
      process.stdout.write(`running ${scenario.name} …\n`);
      const warm = await scenario.run(ctx, 'warm-up');
      if (warm.non2xx > 0) process.stdout.write(`  non-2xx answers while warming up: ${JSON.stringify(warm.statusCodes)}\n`);
      await settle(warm);
      // The machine is shared and its load changes from second to second: liveness is measured
      // on either side of each part of the scenario (see ROUNDS).
      const phase: Phase = scenario.alternate === false ? 'whole' : 'slice';
      const live = [await liveness(phase)];
      const parts: Cannonade[] = [];
      for (let round = 0; round < (phase === 'whole' ? 1 : ROUNDS); round++) {
        const part = await scenario.run(ctx, phase);
        await settle(part);
        parts.push(part);
        live.push(await liveness(phase));
      }
      const result = merge(parts);
      if (result.non2xx > 0) process.stdout.write(`  non-2xx answers (not counted in req/s): ${JSON.stringify(result.statusCodes)}\n`);
      // Liveness during each part: the mean of the samples either side; in the scenario's time, each part's seconds at that rate.
      const around = parts.map((_, i) => (live[i] + live[i + 1]) / 2);
      const livenessInSameTime = parts.reduce((n, part, i) => n + part.seconds * around[i], 0);
      results.push({
        name: scenario.name,
        result,
        live,
        ratio: livenessInSameTime > 0 ? result.responses / livenessInSameTime : 0,
        ratios: parts.map((part, i) => part.rate / around[i]),
      });
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server as ChildProcess).once('exit', resolve));
    await removeTraces(env, created, startedAt);
  }
  const rows = results.map((row) => ({ set, cached, ...row }));
  report(rows);
  return rows;
}

/** What `cannon` measured: of one run, or of several slices together (`merge`). */
interface Cannonade {
  /** 2xx responses per second of `seconds`. */
  rate: number;
  /** 2xx responses counted. */
  responses: number;
  /** From the start of the count to the end of the run (the slices' times summed). */
  seconds: number;
  /** Each counted response's time, ms. */
  latencies: number[];
  /** Counted responses by status code. */
  statusCodes: Record<number, number>;
  non2xx: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
}

/**
 * A fixed duration, or a fixed number of requests (`amount`) for scenarios that use up slots.
 * Requests/s are counted here, not read from autocannon's `requests.average`: that is a mean over
 * whole one-second samples, and a fixed-amount run ends inside a second: its rate was off by up to a
 * second in ten (POST /bookings read 244/s in four runs whose real rates differed). A slice is
 * counted from SLICE_SETTLE_MS after its start to the end of the run (a fixed amount's: its last
 * response); only 2xx answers count (a quick 401 or 409 is no throughput).
 */
async function cannon(options: autocannon.Options, phase: Phase): Promise<Cannonade> {
  if (phase === 'warm-up') {
    options = options.amount ? { ...options, amount: Math.min(options.amount, WARM_UP_REQUESTS) } : { ...options, duration: WARM_UP_SECONDS };
  }
  const countFrom = performance.now() + (phase === 'slice' ? SLICE_SETTLE_MS : 0);
  const latencies: number[] = [];
  const statusCodes: Record<number, number> = {};
  let non2xx = 0;
  let lastAt = countFrom;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      { connections, ...(options.amount ? {} : { duration: phase === 'slice' ? duration / ROUNDS : duration }), ...options } as autocannon.Options,
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    run.on('response', (_client, statusCode: number, _bytes, responseTime: number) => {
      lastAt = performance.now();
      const ok = statusCode >= 200 && statusCode <= 299;
      if (!ok) non2xx += 1;
      if (lastAt < countFrom) return;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (ok) latencies.push(responseTime);
    });
  });
  // autocannon calls back on its next one-second tick: a duration's run keeps sending until then,
  // a fixed amount's is over at its last response (until the tick, up to a second of nothing).
  const seconds = Math.max(0, ((options.amount ? lastAt : performance.now()) - countFrom) / 1000);
  return { rate: seconds > 0 ? latencies.length / seconds : 0, responses: latencies.length, seconds, latencies, statusCodes, non2xx, errors: result.errors };
}

/** The slices of one scenario as one measurement: their responses over their summed time. */
function merge(parts: Cannonade[]): Cannonade {
  const responses = parts.reduce((n, part) => n + part.responses, 0);
  const seconds = parts.reduce((n, part) => n + part.seconds, 0);
  const statusCodes: Record<number, number> = {};
  for (const part of parts) for (const [code, count] of Object.entries(part.statusCodes)) statusCodes[Number(code)] = (statusCodes[Number(code)] ?? 0) + count;
  return {
    rate: seconds > 0 ? responses / seconds : 0,
    responses,
    seconds,
    latencies: parts.flatMap((part) => part.latencies),
    statusCodes,
    non2xx: parts.reduce((n, part) => n + part.non2xx, 0),
    errors: parts.reduce((n, part) => n + part.errors, 0),
  };
}

/**
 * autocannon hangs up on the requests still in flight when a duration ends: the server finishes
 * them meanwhile, which would lower the liveness measured next (a workbook takes 250 ms). Waits
 * for the run's p99.
 */
const settle = (run: Cannonade) => new Promise((resolve) => setTimeout(resolve, percentile(run.latencies, 0.99)));

/** The q-th quantile (0–1) of the values, by the nearest-rank method (0 when there is none). */
function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The middle value, or the mean of the two middle values. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

function report(rows: Measured[]): void {
  // eslint-disable-next-line no-console -- the benchmark's output is a table on the console
  console.table(
    rows.map(({ name, result, live, ratios, ratio }, i) => ({
      scenario: name,
      'req/s': result.rate.toFixed(0),
      'p50 ms': percentile(result.latencies, 0.5).toFixed(1),
      // Nearest rank: under 100 responses, the 99th percentile is the slowest one.
      'p99 ms': `${percentile(result.latencies, 0.99).toFixed(1)}${result.latencies.length < 100 ? ' (max)' : ''}`,
      'live min–max': i === 0 ? '' : `${Math.min(...live).toFixed(0)}–${Math.max(...live).toFixed(0)}`,
      'vs live': percent(ratio),
      'slices: median, min–max': ratios.length > 1 ? `${percent(median(ratios))}, ${percent(Math.min(...ratios))}–${percent(Math.max(...ratios))}` : '',
      responses: result.responses,
      'non-2xx': result.non2xx,
      errors: result.errors,
    })),
  );
}

/** Side by side: each scenario's ratio to liveness per data set and cache mode; the ratios again on one last line. */
function summarise(measured: Measured[]): void {
  const columns = [...new Set(measured.map((m) => `${m.set} ${m.cached ? 'cached' : 'uncached'}`))];
  const names = [...new Set(measured.map((m) => m.name))].slice(1);
  const cell = (name: string, column: string) => {
    const m = measured.find((x) => x.name === name && `${x.set} ${x.cached ? 'cached' : 'uncached'}` === column);
    return m ? `${m.result.rate.toFixed(0)}/s · ${percent(m.ratio)}` : '—';
  };
  process.stdout.write(`\nDynamo Fablab benchmark — ${db}, ${connections} connections, ${duration} s per scenario; requests/s · share of GET /api/health/live on the same server\n`);
  // eslint-disable-next-line no-console -- the benchmark's output is a table on the console
  console.table(names.map((name) => Object.fromEntries([['scenario', name], ...columns.map((column) => [column, cell(name, column)])])));
  const ratios = names.map((name) => {
    const shares = columns.map((column) => {
      const m = measured.find((x) => x.name === name && `${x.set} ${x.cached ? 'cached' : 'uncached'}` === column);
      return m ? percent(m.ratio).replace(' ', '') : '—';
    });
    return `${name.replace(/^(GET|POST) \/api\//, '$1 ')} ${shares.join('/')}`;
  });
  process.stdout.write(`ratios to liveness (${db}; ${columns.join('/')}): ${ratios.join(' · ')}\n`);
}

/**
 * Deletes what a run added: its machines with their bookings, outbox entries and status
 * history, the sessions it opened (its logins' refresh tokens), and its queue's keys in Redis.
 */
async function removeTraces(env: Record<string, string>, created: { machineIds: string[]; userIds: string[] }, since: Date): Promise<void> {
  try {
    await removeRows(env, created, since);
  } finally {
    await removeQueue(env.QUEUE_PREFIX);
  }
}

async function removeRows(env: Record<string, string>, created: { machineIds: string[]; userIds: string[] }, since: Date): Promise<void> {
  const dataSource = await new DataSource(buildDataSourceOptions(loadConfig({ ...env, RUN_MODE: 'api' }))).initialize();
  try {
    const p = (i: number) => (db === 'postgres' ? `$${i}` : '?');
    const machines = created.machineIds.map((_, i) => p(i + 1)).join(', ');
    if (created.machineIds.length > 0) {
      const bookings = `SELECT id FROM bookings WHERE machine_id IN (${machines})`;
      await dataSource.transaction(async (manager) => {
        // PostgreSQL numbers its parameters ($1 twice is one value), SQLite takes them in order.
        const twice = db === 'postgres' ? created.machineIds : [...created.machineIds, ...created.machineIds];
        await manager.query(`DELETE FROM outbox WHERE subject_id IN (${bookings}) OR subject_id IN (${machines})`, twice);
        await manager.query(`DELETE FROM booking_participants WHERE booking_id IN (${bookings})`, created.machineIds);
        await manager.query(`DELETE FROM bookings WHERE machine_id IN (${machines})`, created.machineIds);
        await manager.query(`DELETE FROM machine_status_changes WHERE machine_id IN (${machines})`, created.machineIds);
        await manager.query(`DELETE FROM machines WHERE id IN (${machines})`, created.machineIds);
      });
    }
    if (created.userIds.length > 0) {
      const users = created.userIds.map((_, i) => p(i + 2)).join(', ');
      // SQLite keeps instants as UTC text ("YYYY-MM-DD HH:MM:SS.SSS"), compared as text.
      const after = db === 'postgres' ? since : since.toISOString().replace('T', ' ').replace('Z', '');
      await dataSource.query(`DELETE FROM refresh_tokens WHERE created_at >= ${p(1)} AND user_id IN (${users})`, [after, ...created.userIds]);
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Every key of the run's prefix: its queues (`prefix:…`) and its login throttle (`prefix-login…`). */
async function removeQueue(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The large set keeps the names it always had, so that a generated one is reused. */
async function prepareDatabaseUrl(set: DataSetName): Promise<string> {
  const suffix = set === 'large' ? '' : `-${set}`;
  if (db === 'sqlite') {
    const file = join(ROOT, 'data', 'bench', `fablab-bench${suffix}.sqlite`);
    if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    mkdirSync(dirname(file), { recursive: true });
    return `sqlite:${file}`;
  }
  const admin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const name = `fablab_bench${suffix.replace('-', '_')}`;
  const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (fresh && exists) await client.query(`DROP DATABASE ${name} WITH (FORCE)`);
  if (fresh || !exists) await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Generates the data set into an empty database; reused by later runs (until --fresh). */
async function seedIfEmpty(set: DataSetName, env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...env, RUN_MODE: 'api' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get(DataSource);
    if ((await dataSource.getRepository(Participant).count()) > 0) {
      process.stdout.write(`reusing the generated ${set} data set (--fresh to regenerate)\n`);
      // Planner statistics and visibility map as a running database has them (autovacuum may be
      // off, as on the CI machine): without statistics PostgreSQL guesses 0.5 % of a table per key
      // and picks parallel plans; without the map no index-only scan (a table a migration filled).
      if (db === 'postgres') await dataSource.query('VACUUM ANALYZE');
      return;
    }
    const size = DATA_SETS[set];
    process.stdout.write(`generating the ${set} data set: ${size.years} year(s) at ${size.participantsPerYear} young people a year …\n`);
    const started = Date.now();
    const summary = await generateDataset(dataSource, {
      ...size,
      enrollmentsPerParticipant: 3.4,
      learnerAccounts: 20,
      learnerPassword: PASSWORD,
      staffPassword: PASSWORD,
      timezone: ZONE,
      now: new Date(),
      seed: 42,
    });
    await dataSource.query(db === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
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

async function login(base: string, name: string): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: name, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

/** Logs in through the login form as a browser does (CSRF cookie and token first); the cookies to send. */
async function webSession(base: string, name: string): Promise<string> {
  const form = await fetch(`${base}/connexion`);
  const seed = form.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, cookie: seed.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, login: name, password: PASSWORD }).toString(),
  });
  if (res.status !== 303) throw new Error(`web login ${name}: ${res.status}`);
  return [...seed, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

async function getJson(base: string, path: string, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { headers: auth(token) });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

async function postJson(base: string, path: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function waitForServer(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${base}/api/health/live`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not start');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});

