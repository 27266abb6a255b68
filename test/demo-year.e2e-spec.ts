import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DEMO_STAFF_PASSWORD, demoDatasetOptions } from '../src/cli/dataset/demo-dataset.js';
import { generateDataset } from '../src/cli/dataset/generate-dataset.js';
import { Clock } from '../src/common/time/clock.service.js';
import { login, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * `npm run seed:demo` (issue 15): the demo's year must look like a real fablab's, so that the
 * bilan and the target chart shown from it mean something. A generator that put every arrival in
 * January and no activity after May (what it once did: 309 of 413 reached in January) fails here.
 * The same options as the command, loaded as of 3 December 2026, read through GET /stats/report.
 */
describe('the demo year (seed:demo) looks like a real fablab’s', () => {
  let t: TestApp;
  let sonia: Session;
  const now = new Date('2026-12-03T10:00:00Z');
  type Figures = {
    reached: number;
    newcomers: number;
    outcomeMissing: number;
    positiveExitRatePct: number | null;
    public: { byPath: Record<string, number> };
    activity: { attendanceRatePct: number | null; noShows: number; plannedPlaces: number };
    results: { outcomesRecorded: number; pathsEnded: number };
    machines: { overall: { availabilityPct: number | null; failures: number; utilisationPct: number | null } };
  };
  const months: Figures[] = [];
  let year: Figures;
  let januaryToMay: Figures;

  const report = async (from: string, to: string): Promise<Figures> => {
    const response = await t.http().get(`/api/stats/report?from=${from}&to=${to}`).set(sonia.auth);
    expect(response.status).toBe(200);
    return response.body as Figures;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await generateDataset(t.app.get(DataSource), demoDatasetOptions(now, 'Europe/Paris'));
    t.app.get(Clock).freezeAt(now);
    sonia = await login(t, 'animatrice.sonia', DEMO_STAFF_PASSWORD);
    for (let month = 1; month <= 11; month++) {
      const pad = (m: number) => String(m).padStart(2, '0');
      months.push(await report(`2026-${pad(month)}-01`, `2026-${pad(month + 1)}-01`));
    }
    year = await report('2026-01-01', '2027-01-01');
    januaryToMay = await report('2026-01-01', '2026-06-01');
  }, 120_000);

  afterAll(async () => {
    t.app.get(Clock).freezeAt(null);
    await t.close();
  });

  it('young people arrive every month, fewest in the summer, many at the September return', () => {
    const arrivals = months.map((m) => m.newcomers);
    for (const [i, count] of arrivals.entries()) expect({ month: i + 1, newcomers: count > 0 }).toEqual({ month: i + 1, newcomers: true });
    const [july, august, september] = [arrivals[6], arrivals[7], arrivals[8]];
    expect(august).toBeLessThan(september / 2);
    expect(july).toBeLessThan(september);
    expect(september).toBe(Math.max(...arrivals));
    // Every month someone is active, not only the newcomers.
    for (const m of months) expect(m.reached).toBeGreaterThan(m.newcomers);
  });

  it('the year is spread out: June to November bring a third of the year’s young people or more', () => {
    expect(year.reached).toBeGreaterThan(300);
    expect(year.reached).toBeLessThan(700);
    const arrivalsAfterMay = months.slice(5).reduce((sum, m) => sum + m.newcomers, 0);
    expect(arrivalsAfterMay / year.newcomers).toBeGreaterThan(0.33);
    expect(januaryToMay.reached / year.reached).toBeLessThan(0.75);
  });

  it('all four paths are followed, PARTAGER included', () => {
    expect(Object.keys(year.public.byPath).sort()).toEqual(['APPRENDRE', 'EXPERIMENTER', 'FABRIQUER', 'PARTAGER']);
    for (const count of Object.values(year.public.byPath)) expect(count).toBeGreaterThan(10);
  });

  it('most ended paths have an outcome; the rates are a real year’s, not 0 or 100 %', () => {
    expect(year.results.pathsEnded).toBeGreaterThan(100);
    expect(year.outcomeMissing).toBeGreaterThan(0);
    expect(year.outcomeMissing / year.results.pathsEnded).toBeLessThan(0.35);
    expect(year.positiveExitRatePct).toBeGreaterThan(50);
    expect(year.positiveExitRatePct).toBeLessThan(95);
    expect(year.activity.noShows).toBeGreaterThan(0);
    expect(year.activity.attendanceRatePct).toBeGreaterThan(70);
    expect(year.activity.attendanceRatePct).toBeLessThan(100);
    expect(year.machines.overall.failures).toBeGreaterThan(0);
    expect(year.machines.overall.availabilityPct).toBeLessThan(100);
    expect(year.machines.overall.utilisationPct).toBeGreaterThan(0);
  });
});
