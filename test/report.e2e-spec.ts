import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Clock } from '../src/common/time/clock.service.js';
import { ProgressEvent } from '../src/participants/progress-event.entity.js';
import { makeAttendedBooking, makeBookingCheckIn } from './factories/stats.js';
import { enrol, makeParticipant, type EnrollmentBody, type ParticipantBody } from './factories/participants.js';
import { makePartner, makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { makeRawLearner } from './helpers/learner.js';
import { createTestApp, sqliteFileDatabase, type TestApp } from './helpers/test-app.js';

/**
 * A hand-built fablab in Europe/Paris, "now" frozen at 1 October 2026. P1 "Mission locale",
 * P2 "Association Deux"; budgets 36 500 € for 2025, 73 000 € for 2026.
 *
 * | who | profile                          | postcode | partner | activity                                                           |
 * |-----|----------------------------------|----------|---------|--------------------------------------------------------------------|
 * | A   | insertion, F, 2004, QPV          | 73000    | P1      | enrolled APPRENDRE 15 Jan 2026 and FABRIQUER 1 Feb 2026; 1 step validated 10 Feb 2026 |
 * | B   | dropout, M, 2008                 | 73 490   | —       | EXPERIMENTER 5 Oct 2025, completed 20 Nov 2025; outcome school_return 1 Dec 2025 |
 * | C   | pupil, NB, 2013, QPV             | 73000    | P1      | EXPERIMENTER 2 Mar 2026, completed 20 Mar 2026; outcome training 1 Apr 2026 |
 * | D   | other, undisclosed, 1990         | —        | P2      | planned with E at a 2-hour training on 10 Mar 2026; checked in     |
 * | E   | insertion, F, 2000, QPV          | 73000    | P2      | planned at that training, absent; FABRIQUER 2 Apr 2026, withdrawn 15 May 2026, no outcome; erased |
 * | F   | insertion, M, 2005               | —        | P1      | FABRIQUER 10 Apr 2025; checked in at a 1-hour training on 5 May 2026 |
 * | G   | insertion, M, 2003               | 73000    | P2      | APPRENDRE 20 Jan 2026, withdrawn 20 Feb 2026; outcome none 1 Mar 2026 |
 *
 * Calendar 2026: A C D E F G reached (A once across two paths, E although erased), F not new.
 * Calendar 2025: B F. School year 2025-09-01 → 2026-09-01 (across two calendar years): B A C D E F G.
 */
describe('stats: the period report', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainerP1: Session;
  let clock: Clock;
  let p1: { id: string };
  let p2: { id: string };
  let experimenterRequiredSteps = 0;
  const people: Record<string, ParticipantBody> = {};

  const validateAll = async (enrolment: EnrollmentBody, at: string) => {
    for (const step of enrolment.steps.filter((s) => s.required)) {
      await t.http().post(`/api/enrollments/${enrolment.id}/steps/${step.stepId}/validate`).set(facilitator.auth).send({ validatedAt: at }).expect(200);
    }
  };
  const withdraw = async (enrolment: EnrollmentBody, at: string) => {
    await t.http().post(`/api/enrollments/${enrolment.id}/withdraw`).set(facilitator.auth).send({}).expect(200);
    // The API withdraws now; the data set needs it back-dated (its event is what the report reads).
    await t.dataSource.getRepository(ProgressEvent).update({ enrollmentId: enrolment.id, type: 'withdrawn' }, { occurredAt: new Date(at) });
  };
  const outcome = (enrolment: EnrollmentBody, kind: string, at: string) =>
    t.http().post(`/api/enrollments/${enrolment.id}/outcome`).set(facilitator.auth).send({ outcome: kind, recordedAt: at }).expect(200);

  // A file, as in production: the report reads it through its own read connections.
  const file = sqliteFileDatabase();
  beforeAll(async () => {
    t = await createTestApp(file.env);
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    clock = t.app.get(Clock);
    p1 = await makePartner(t, admin, { name: 'Mission locale', kind: 'insertion' });
    p2 = await makePartner(t, admin, { name: 'Association Deux', kind: 'association' });
    trainerP1 = await makeStaff(t, admin, 'trainer', { partnerId: p1.id });

    const make = (overrides: Record<string, unknown>) => makeParticipant(t, facilitator, overrides);
    people.A = await make({ audience: 'insertion', gender: 'female', birthYear: 2004, livesInQpv: true, postcode: '73000', referredByPartnerId: p1.id });
    people.B = await make({ audience: 'dropout', gender: 'male', birthYear: 2008, livesInQpv: false, postcode: '73 490' });
    people.C = await make({
      audience: 'pupil', gender: 'nonbinary', birthYear: 2013, livesInQpv: true, postcode: '73000', referredByPartnerId: p1.id,
      guardian: { name: 'Parent de C' }, consent: { dataProcessing: true, parentalConsent: true },
    });
    people.D = await make({ audience: 'other', gender: 'undisclosed', birthYear: 1990, livesInQpv: false, referredByPartnerId: p2.id });
    people.E = await make({ audience: 'insertion', gender: 'female', birthYear: 2000, livesInQpv: true, postcode: '73000', referredByPartnerId: p2.id });
    people.F = await make({ audience: 'insertion', gender: 'male', birthYear: 2005, livesInQpv: false, referredByPartnerId: p1.id });
    people.G = await make({ audience: 'insertion', gender: 'male', birthYear: 2003, livesInQpv: false, postcode: '73000', referredByPartnerId: p2.id });

    await enrol(t, facilitator, people.A.id, 'APPRENDRE', { enrolledAt: '2026-01-15T10:00:00Z' });
    const aF = await enrol(t, facilitator, people.A.id, 'FABRIQUER', { enrolledAt: '2026-02-01T10:00:00Z' });
    await t.http().post(`/api/enrollments/${aF.id}/steps/${aF.steps[0].stepId}/validate`).set(facilitator.auth).send({ validatedAt: '2026-02-10T10:00:00Z' }).expect(200);

    const b = await enrol(t, facilitator, people.B.id, 'EXPERIMENTER', { enrolledAt: '2025-10-05T09:00:00Z' });
    experimenterRequiredSteps = b.steps.filter((s) => s.required).length;
    await validateAll(b, '2025-11-20T10:00:00Z');
    await outcome(b, 'school_return', '2025-12-01T10:00:00Z');

    const c = await enrol(t, facilitator, people.C.id, 'EXPERIMENTER', { enrolledAt: '2026-03-02T10:00:00Z' });
    await validateAll(c, '2026-03-20T10:00:00Z');
    await outcome(c, 'training', '2026-04-01T10:00:00Z');

    // Tuesday 10 March 2026, 09:00–11:00 in Paris: D and E planned, D only checked in.
    await makeAttendedBooking(t, facilitator, { startsAt: new Date('2026-03-10T08:00:00Z'), hours: 2, planned: [people.D.id, people.E.id], attended: [people.D.id] });

    const e = await enrol(t, facilitator, people.E.id, 'FABRIQUER', { enrolledAt: '2026-04-02T10:00:00Z' });
    await withdraw(e, '2026-05-15T10:00:00Z');

    await enrol(t, facilitator, people.F.id, 'FABRIQUER', { enrolledAt: '2025-04-10T10:00:00Z' });
    await makeBookingCheckIn(t, facilitator, people.F.id, new Date('2026-05-05T07:00:00Z'));

    const g = await enrol(t, facilitator, people.G.id, 'APPRENDRE', { enrolledAt: '2026-01-20T10:00:00Z' });
    await withdraw(g, '2026-02-20T10:00:00Z');
    await outcome(g, 'none', '2026-03-01T10:00:00Z');

    await t.http().delete(`/api/participants/${people.E.id}`).set(admin.auth).expect(204);
    await t.http().put('/api/settings/budgets/2025').set(admin.auth).send({ amount: 36500 }).expect(200);
    await t.http().put('/api/settings/budgets/2026').set(admin.auth).send({ amount: 73000 }).expect(200);
    clock.freezeAt(new Date('2026-10-01T10:00:00Z'));
  });

  afterAll(async () => {
    clock.freezeAt(null);
    await t.close();
    file.remove();
  });

  const report = (session: Session, query: string) => t.http().get(`/api/stats/report${query}`).set(session.auth);
  const positiveKinds = ['employment', 'training', 'school_return', 'civic_service', 'business_creation'];
  const outcomes = (counts: Record<string, number>) => ({ employment: 0, training: 0, school_return: 0, civic_service: 0, business_creation: 0, none: 0, unknown: 0, ...counts });

  it('a calendar year: every figure, the year before beside it', async () => {
    const res = await report(facilitator, '?from=2026-01-01&to=2027-01-01');
    expect(res.status).toBe(200);
    const { machines, previous, ...body } = res.body;
    expect(body).toEqual({
      from: '2025-12-31T23:00:00.000Z',
      to: '2026-12-31T23:00:00.000Z',
      year: 2026,
      scope: null,
      asOf: '2026-10-01T10:00:00.000Z',
      reached: 6,
      newcomers: 5,
      qpv: 3,
      qpvSharePct: 50,
      qpvThresholdPct: 60,
      meetsQpvThreshold: false,
      positiveExitRatePct: 50,
      outcomeMissing: 1,
      budget: 73000,
      costPerYoungPerson: 12166.67,
      public: {
        byAudience: { insertion: 4, dropout: 0, pupil: 1, other: 1 },
        byGender: { female: 2, male: 2, nonbinary: 1, undisclosed: 1 },
        byAgeBand: { '<15': 1, '15-17': 0, '18-25': 3, '26+': 2 },
        byQpv: { qpv: 3, other: 3 },
        // E's postcode went with the erasure: counted, as unknown.
        byPostcode: [{ postcode: '73000', count: 3 }, { postcode: null, count: 3 }],
        byPartner: [{ partnerId: p2.id, name: 'Association Deux', count: 3 }, { partnerId: p1.id, name: 'Mission locale', count: 3 }],
        byPath: { EXPERIMENTER: 1, APPRENDRE: 2, FABRIQUER: 2, PARTAGER: 0 },
      },
      activity: {
        enrolmentsStarted: 5,
        enrolmentsCompleted: 1,
        stepsValidated: 1 + experimenterRequiredSteps,
        qualificationsGranted: 2,
        supervisedHours: 3,
        hoursPerYoungPerson: { youngPeople: 2, mean: 1.5, q1: 1.25, median: 1.5, q3: 1.75 },
        plannedPlaces: 3,
        checkedIn: 2,
        attendanceRatePct: 66.7,
        noShows: 1,
      },
      results: {
        outcomesRecorded: 2,
        byOutcome: outcomes({ training: 1, none: 1 }),
        positiveOutcomeKinds: positiveKinds,
        positiveOutcomes: 1,
        positiveExitRatePct: 50,
        pathsEnded: 3,
        outcomeMissing: 1,
      },
    });
    expect(previous).toEqual({
      from: '2024-12-31T23:00:00.000Z',
      to: '2025-12-31T23:00:00.000Z',
      year: 2025,
      reached: 2,
      newcomers: 2,
      qpv: 0,
      qpvSharePct: 0,
      qpvThresholdPct: 60,
      meetsQpvThreshold: false,
      positiveExitRatePct: 100,
      outcomeMissing: 0,
      budget: 36500,
      costPerYoungPerson: 18250,
      public: {
        byAudience: { insertion: 1, dropout: 1, pupil: 0, other: 0 },
        byGender: { female: 0, male: 2, nonbinary: 0, undisclosed: 0 },
        byAgeBand: { '<15': 0, '15-17': 1, '18-25': 1, '26+': 0 },
        byQpv: { qpv: 0, other: 2 },
        byPostcode: [{ postcode: '73490', count: 1 }, { postcode: null, count: 1 }],
        byPartner: [{ partnerId: p1.id, name: 'Mission locale', count: 1 }, { partnerId: null, name: null, count: 1 }],
        byPath: { EXPERIMENTER: 1, APPRENDRE: 0, FABRIQUER: 1, PARTAGER: 0 },
      },
      activity: {
        enrolmentsStarted: 2,
        enrolmentsCompleted: 1,
        stepsValidated: experimenterRequiredSteps,
        qualificationsGranted: 2,
        supervisedHours: 0,
        hoursPerYoungPerson: null,
        plannedPlaces: 0,
        checkedIn: 0,
        attendanceRatePct: null,
        noShows: 0,
      },
      results: {
        outcomesRecorded: 1,
        byOutcome: outcomes({ school_return: 1 }),
        positiveOutcomeKinds: positiveKinds,
        positiveOutcomes: 1,
        positiveExitRatePct: 100,
        pathsEnded: 1,
        outcomeMissing: 0,
      },
      machines: expect.any(Object),
    });
    expect(machines.items).toHaveLength((await t.http().get('/api/machines?limit=100').set(facilitator.auth)).body.total);
  });

  it('reaches the same young people as the yearly target', async () => {
    const target = (await t.http().get('/api/stats/target?year=2026').set(facilitator.auth)).body;
    const res = (await report(facilitator, '')).body;
    expect(res.reached).toBe(target.reached);
    expect(res.newcomers).toBe(target.newThisYear);
    expect(res.public.byPath).toEqual(target.byPath);
    expect(res.from).toBe('2025-12-31T23:00:00.000Z');
  });

  it('a school year across two calendar years: ages from the year it starts in, budgets prorated by days', async () => {
    const res = await report(admin, '?from=2025-09-01&to=2026-09-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2025-08-31T22:00:00.000Z',
      to: '2026-08-31T22:00:00.000Z',
      year: 2025,
      reached: 7,
      newcomers: 6,
      qpv: 3,
      qpvSharePct: 42.9,
      meetsQpvThreshold: false,
      positiveExitRatePct: 66.7,
      outcomeMissing: 1,
      // 122/365 of 36 500 + 243/365 of 73 000
      budget: 60800,
      costPerYoungPerson: 8685.71,
      public: {
        byAgeBand: { '<15': 1, '15-17': 1, '18-25': 4, '26+': 1 },
        byPostcode: [{ postcode: '73000', count: 3 }, { postcode: null, count: 3 }, { postcode: '73490', count: 1 }],
        byPath: { EXPERIMENTER: 2, APPRENDRE: 2, FABRIQUER: 2, PARTAGER: 0 },
      },
      activity: {
        enrolmentsStarted: 6,
        enrolmentsCompleted: 2,
        stepsValidated: 1 + 2 * experimenterRequiredSteps,
        qualificationsGranted: 4,
      },
      results: { outcomesRecorded: 3, byOutcome: outcomes({ school_return: 1, training: 1, none: 1 }), positiveOutcomes: 2, pathsEnded: 4, outcomeMissing: 1 },
    });
    expect(res.body.previous).toMatchObject({ from: '2024-08-31T22:00:00.000Z', to: '2025-08-31T22:00:00.000Z', reached: 1, newcomers: 1, budget: null, costPerYoungPerson: null });
  });

  it('machines: each machine’s metrics over the period, and all together', async () => {
    const res = (await report(facilitator, '?from=2026-03-01&to=2026-04-01')).body;
    for (const item of res.machines.items) {
      const own = (await t.http().get(`/api/machines/${item.machineId}/metrics?from=2026-03-01&to=2026-04-01`).set(facilitator.auth)).body;
      const { machineId: _id, from: _from, to: _to, ...metrics } = own;
      expect(item).toMatchObject(metrics);
    }
    const sum = (key: string) => res.machines.items.reduce((total: number, m: Record<string, number>) => total + m[key], 0);
    expect(res.machines.overall.openHours).toBeCloseTo(sum('openHours'), 2);
    expect(res.machines.overall.bookedHours).toBeCloseTo(sum('bookedHours'), 2);
    expect(res.machines.overall.failures).toBe(sum('failures'));
  });

  it('a trainer’s report: only the young people their partner referred, no machines, no budget', async () => {
    const res = await report(trainerP1, '?from=2026-01-01&to=2027-01-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      scope: { partnerId: p1.id, partnerName: 'Mission locale' },
      reached: 3,
      newcomers: 2,
      qpv: 2,
      qpvSharePct: 66.7,
      meetsQpvThreshold: true,
      positiveExitRatePct: 100,
      outcomeMissing: 0,
      budget: null,
      costPerYoungPerson: null,
      machines: null,
      public: {
        byAudience: { insertion: 2, dropout: 0, pupil: 1, other: 0 },
        byPartner: [{ partnerId: p1.id, name: 'Mission locale', count: 3 }],
        byPostcode: [{ postcode: '73000', count: 2 }, { postcode: null, count: 1 }],
        byPath: { EXPERIMENTER: 1, APPRENDRE: 1, FABRIQUER: 1, PARTAGER: 0 },
      },
      activity: {
        enrolmentsStarted: 3,
        enrolmentsCompleted: 1,
        stepsValidated: 1 + experimenterRequiredSteps,
        qualificationsGranted: 2,
        supervisedHours: 1,
        hoursPerYoungPerson: { youngPeople: 1, mean: 1, q1: 1, median: 1, q3: 1 },
        plannedPlaces: 1,
        checkedIn: 1,
        attendanceRatePct: 100,
        noShows: 0,
      },
      results: { outcomesRecorded: 1, byOutcome: outcomes({ training: 1 }), positiveOutcomes: 1, pathsEnded: 1, outcomeMissing: 0 },
      previous: { reached: 1, newcomers: 1, budget: null, machines: null, public: { byPartner: [{ partnerId: p1.id, name: 'Mission locale', count: 1 }] } },
    });
  });

  it('budgets: admins set them, staff read them, bad input changes nothing', async () => {
    expect((await t.http().get('/api/settings/budgets/2026').set(facilitator.auth)).body).toEqual({ year: 2026, amount: 73000 });
    expect((await t.http().get('/api/settings/budgets/2030').set(facilitator.auth)).body).toEqual({ year: 2030, amount: null });
    expect((await t.http().put('/api/settings/budgets/2030').set(admin.auth).send({ amount: 1234.5 })).body).toEqual({ year: 2030, amount: 1234.5 });
    for (const body of [{ amount: -1 }, { amount: 'lots' }, {}, { amount: 10.123 }, { amount: 5, extra: 1 }, { amount: 1e12 }]) {
      const res = await t.http().put('/api/settings/budgets/2026').set(admin.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
    }
    expect((await t.http().put('/api/settings/budgets/1999').set(admin.auth).send({ amount: 1 })).status).toBe(400);
    expect((await t.http().put('/api/settings/budgets/abc').set(admin.auth).send({ amount: 1 })).status).toBe(400);
    expect((await t.http().put('/api/settings/budgets/2026').set(facilitator.auth).send({ amount: 1 })).status).toBe(403);
    expect((await t.http().put('/api/settings/budgets/2026').set(trainerP1.auth).send({ amount: 1 })).status).toBe(403);
    expect((await t.http().get('/api/settings/budgets/2026').set(trainerP1.auth)).status).toBe(403);
    expect((await t.http().get('/api/settings/budgets/2026').set(admin.auth)).body.amount).toBe(73000);
  });

  it('refuses bad periods with the field named', async () => {
    for (const [query, field] of [
      ['?from=2026-13-01', 'from'],
      ['?from=2026-03-01&to=2026-03-01', 'to'],
      ['?from=2026-03-01&to=2026-02-01', 'to'],
      ['?from=2024-01-01&to=2025-06-01', 'to'],
      ['?to=yesterday', 'to'],
    ]) {
      const res = await report(facilitator, query);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      expect(res.body.details[0].field).toBe(field);
    }
  });

  const workbook = async (session: Session, query: string) => {
    const res = await t.http().get(`/api/stats/report.xlsx${query}`).set(session.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (chunk: Buffer) => chunks.push(chunk));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    // exceljs declares its own Buffer (an ArrayBuffer); it reads a Node Buffer.
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    return { res, book };
  };
  const rowsOf = (sheet: ExcelJS.Worksheet) => {
    const rows: ExcelJS.CellValue[][] = [];
    sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    return rows;
  };
  const lineOf = (sheet: ExcelJS.Worksheet, label: string) => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === label) found = row;
    });
    if (!found) throw new Error(`no line ${label} in ${sheet.name}`);
    return found;
  };

  it('the spreadsheet: a summary, a sheet per breakdown, typed numbers, French headers, the CSV’s pseudonyms', async () => {
    const { res, book } = await workbook(facilitator, '?from=2026-01-01&to=2027-01-01');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bilan-2026-01-01-2026-12-31.xlsx"');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      'Synthèse', 'Publics', 'Genres', 'Âges', 'QPV', 'Codes postaux', 'Partenaires', 'Parcours', 'Sorties', 'Machines', 'Jeunes',
    ]);

    const summary = book.getWorksheet('Synthèse')!;
    expect(rowsOf(summary)[1]).toEqual(['Période', 'du 01/01/2026 au 31/12/2026']);
    expect(rowsOf(summary)[2]).toEqual(['Comparée à', 'du 01/01/2025 au 31/12/2025']);
    expect(rowsOf(summary)[5]).toEqual(['Indicateur', 'du 01/01/2026 au 31/12/2026', 'du 01/01/2025 au 31/12/2025']);
    const reached = lineOf(summary, 'Jeunes touchés');
    expect([reached.getCell(2).value, reached.getCell(3).value]).toEqual([6, 2]);
    const rate = lineOf(summary, 'Taux de sorties positives');
    expect([rate.getCell(2).value, rate.getCell(3).value, rate.getCell(2).numFmt]).toEqual([0.5, 1, '0.0%']);
    const cost = lineOf(summary, 'Coût par jeune touché');
    expect([cost.getCell(2).value, cost.getCell(3).value]).toEqual([12166.67, 18250]);
    expect(lineOf(summary, 'Part QPV exigée atteinte').getCell(2).value).toBe('non');
    expect(lineOf(summary, 'dont sans sortie renseignée').getCell(2).value).toBe(1);

    expect(rowsOf(book.getWorksheet('Publics')!)).toEqual([
      ['Public', 'du 01/01/2026 au 31/12/2026', 'du 01/01/2025 au 31/12/2025'],
      ['insertion professionnelle', 4, 1],
      ['décrochage scolaire', 0, 1],
      ['scolaire', 1, 0],
      ['autre', 1, 0],
    ]);
    expect(rowsOf(book.getWorksheet('Codes postaux')!).slice(1)).toEqual([['73000', 3, 0], ['non renseigné', 3, 1], ['73490', 0, 1]]);
    expect(rowsOf(book.getWorksheet('Sorties')!).slice(1)).toContainEqual(['formation', 1, 0]);

    const rows = rowsOf(book.getWorksheet('Jeunes')!);
    expect(rows[0]).toEqual(['Pseudonyme', 'Public', 'Genre', 'Tranche d’âge', 'QPV', 'Partenaire orienteur', 'Première activité de la période', 'Nouveau', 'Parcours suivis', 'Parcours terminés', 'Sorties', 'Heures encadrées']);
    expect(rows).toHaveLength(7);
    const rowD = rows.find((row) => row[1] === 'autre')!;
    expect(rowD.slice(1)).toEqual(['autre', 'non renseigné', '26+', 'non', 'Association Deux', new Date('2026-03-10T00:00:00Z'), 'oui', '', '', '', 2]);
    const rowC = rows.find((row) => row[1] === 'scolaire')!;
    expect(rowC.slice(8, 11)).toEqual(['EXPERIMENTER', 'EXPERIMENTER', 'formation']);

    const csv = await t.http().get('/api/stats/participants.csv?year=2026').set(facilitator.auth);
    const csvPseudonyms = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(';')[0]);
    expect(rows.slice(1).map((row) => row[0]).sort()).toEqual(csvPseudonyms.sort());
    const everything = JSON.stringify(book.worksheets.map(rowsOf));
    for (const person of Object.values(people)) {
      expect(everything).not.toContain(person.id);
      expect(everything).not.toContain(person.lastName);
    }
  });

  it('the spreadsheet neutralises formulas in free text, and holds no formula', async () => {
    await t.http().patch(`/api/partners/${p2.id}`).set(admin.auth).send({ name: '=HYPERLINK("http://x.test","clic")' }).expect(200);
    try {
      const { book } = await workbook(facilitator, '?from=2026-01-01&to=2027-01-01');
      const cells: ExcelJS.Cell[] = [];
      for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
      expect(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
      const named = cells.filter((cell) => String(cell.value).includes('HYPERLINK')).map((cell) => cell.value);
      expect(named.length).toBeGreaterThanOrEqual(2);
      for (const value of named) expect(value).toBe('\'=HYPERLINK("http://x.test","clic")');
    } finally {
      await t.http().patch(`/api/partners/${p2.id}`).set(admin.auth).send({ name: 'Association Deux' }).expect(200);
    }
  });

  it('a trainer’s spreadsheet: their partner’s young people only, no machines', async () => {
    const { book } = await workbook(trainerP1, '?from=2026-01-01&to=2027-01-01');
    expect(book.getWorksheet('Machines')).toBeUndefined();
    const people = rowsOf(book.getWorksheet('Jeunes')!).slice(1);
    expect(people).toHaveLength(3);
    for (const row of people) expect(row[5]).toBe('Mission locale');
    expect(rowsOf(book.getWorksheet('Synthèse')!)[3]).toEqual(['Jeunes comptés', 'orientés par Mission locale']);
  });

  it('the spreadsheet refuses what the report refuses', async () => {
    expect((await t.http().get('/api/stats/report.xlsx?from=2026-03-01&to=2026-02-01').set(facilitator.auth)).status).toBe(400);
    expect((await t.http().get('/api/stats/report.xlsx')).status).toBe(401);
    const learner = await makeRawLearner(t, 'learner.report.xlsx');
    expect((await t.http().get('/api/stats/report.xlsx').set(learner.auth)).status).toBe(403);
  });

  it('is described in OpenAPI: the report, the budgets, their errors', async () => {
    const document = (await t.http().get('/api/docs-json')).body;
    const get = document.paths['/api/stats/report'].get;
    expect(get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PeriodReportView' });
    for (const status of ['400', '401', '403']) expect(get.responses[status]).toBeDefined();
    expect(document.components.schemas.PeriodReportView.properties.previous).toBeDefined();
    expect(document.components.schemas.ReportFiguresView.properties.positiveExitRatePct).toBeDefined();
    const put = document.paths['/api/settings/budgets/{year}'].put;
    expect(put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SetBudgetDto' });
    expect(put.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/BudgetView' });
  });

  it('refuses learners and anonymous callers', async () => {
    const learner = await makeRawLearner(t, 'learner.report');
    expect((await report(learner, '')).status).toBe(403);
    expect((await t.http().get('/api/stats/report')).status).toBe(401);
    expect((await t.http().put('/api/settings/budgets/2026').send({ amount: 1 })).status).toBe(401);
  });
});
