import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLValidator } from 'fast-xml-parser';
import { Clock } from '../src/common/time/clock.service.js';
import { enrol, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makePartner, makeStaff } from './factories/users.js';
import { makeBookingCheckIn } from './factories/stats.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { makeRawLearner } from './helpers/learner.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * A hand-built fablab, in Europe/Paris, with "now" frozen at 3 July 2026 00:00 (183 of 365 days
 * of 2026 elapsed):
 *
 * | who | profile (2026 age)             | partner | activity                                                  |
 * |-----|--------------------------------|---------|-----------------------------------------------------------|
 * | A   | insertion, F, 2004 (22), QPV   | P1      | enrolled APPRENDRE 10 Mar 2025; step validated 5 Feb 2026 |
 * | B   | dropout, M, 2010, not QPV      | —       | enrolled FABRIQUER 31 Dec 2025 23:30 Paris (still 2025)   |
 * | C   | pupil, NB, 2013 (13), QPV      | P1      | EXPERIMENTER 20 Jan 2026 (completed 25 Jan), APPRENDRE 1 Mar 2026 |
 * | D   | other, undisclosed, 1990 (36)  | P2      | checked in at a training on 10 Mar 2026                   |
 * | E   | insertion, F, 2000 (26), QPV   | P2      | enrolled FABRIQUER 2 Apr 2026, then erased                |
 * | F   | insertion, M, 2005 (21)        | —       | enrolled FABRIQUER 1 Jul 2026 00:30 Paris (30 Jun 22:30 Z)  |
 *
 * 2026: reached A C D E F = 5; new = C D E F (A was reached in 2025); target 20 →
 * expected round(20 × 183/365) = 10, projected round(5 / (183/365)) = 10, 25.0 %, behind.
 * 2025: reached A B = 2, both new, expected 500 (default target), projected 2.
 */
describe('stats: the yearly target', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let clock: Clock;
  const people: Record<string, ParticipantBody> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    clock = t.app.get(Clock);
    const p1 = await makePartner(t, admin, { name: 'Partenaire Un', kind: 'insertion' });
    const p2 = await makePartner(t, admin, { name: 'Partenaire Deux', kind: 'association' });

    people.A = await makeParticipant(t, facilitator, { audience: 'insertion', gender: 'female', birthYear: 2004, livesInQpv: true, referredByPartnerId: p1.id });
    people.B = await makeParticipant(t, facilitator, { audience: 'dropout', gender: 'male', birthYear: 2010, livesInQpv: false });
    people.C = await makeParticipant(t, facilitator, {
      audience: 'pupil', gender: 'nonbinary', birthYear: 2013, livesInQpv: true, referredByPartnerId: p1.id,
      guardian: { name: 'Parent de C' }, consent: { dataProcessing: true, parentalConsent: true },
    });
    people.D = await makeParticipant(t, facilitator, { audience: 'other', gender: 'undisclosed', birthYear: 1990, livesInQpv: false, referredByPartnerId: p2.id });
    people.E = await makeParticipant(t, facilitator, { audience: 'insertion', gender: 'female', birthYear: 2000, livesInQpv: true, referredByPartnerId: p2.id });
    people.F = await makeParticipant(t, facilitator, { audience: 'insertion', gender: 'male', birthYear: 2005, livesInQpv: false });

    const a = await enrol(t, facilitator, people.A.id, 'APPRENDRE', { enrolledAt: '2025-03-10T10:00:00Z' });
    await t.http().post(`/api/enrollments/${a.id}/steps/${a.steps[0].stepId}/validate`).set(facilitator.auth)
      .send({ validatedAt: '2026-02-05T10:00:00Z' }).expect(200);
    await enrol(t, facilitator, people.B.id, 'FABRIQUER', { enrolledAt: '2025-12-31T22:30:00Z' });
    const c = await enrol(t, facilitator, people.C.id, 'EXPERIMENTER', { enrolledAt: '2026-01-20T10:00:00Z' });
    for (const step of c.steps.filter((s) => s.required)) {
      await t.http().post(`/api/enrollments/${c.id}/steps/${step.stepId}/validate`).set(facilitator.auth)
        .send({ validatedAt: '2026-01-25T10:00:00Z' }).expect(200);
    }
    await enrol(t, facilitator, people.C.id, 'APPRENDRE', { enrolledAt: '2026-03-01T10:00:00Z' });
    await makeBookingCheckIn(t, facilitator, people.D.id, new Date('2026-03-10T09:00:00Z'));
    await enrol(t, facilitator, people.E.id, 'FABRIQUER', { enrolledAt: '2026-04-02T10:00:00Z' });
    await enrol(t, facilitator, people.F.id, 'FABRIQUER', { enrolledAt: '2026-06-30T22:30:00Z' });
    await t.http().put('/api/settings/targets/2026').set(admin.auth).send({ target: 20 }).expect(200);
    clock.freezeAt(new Date('2026-07-02T22:00:00Z'));
  });

  afterAll(async () => {
    clock.freezeAt(null);
    await t.close();
  });

  const expected2026 = {
    year: 2026,
    target: 20,
    reached: 5,
    percent: 25,
    newThisYear: 4,
    expectedToDate: 10,
    projectedYearEnd: 10,
    onTrack: false,
    completions: 1,
    byAudience: { insertion: 3, dropout: 0, pupil: 1, other: 1 },
    byPath: { EXPERIMENTER: 1, APPRENDRE: 2, FABRIQUER: 2, PARTAGER: 0 },
    byGender: { female: 2, male: 1, nonbinary: 1, undisclosed: 1 },
    byAgeBand: { '<15': 1, '15-17': 0, '18-25': 2, '26+': 2 },
    byQpv: { qpv: 3, other: 2 },
    monthly: [
      { month: '2026-01', newlyReached: 1, cumulative: 1 },
      { month: '2026-02', newlyReached: 1, cumulative: 2 },
      { month: '2026-03', newlyReached: 1, cumulative: 3 },
      { month: '2026-04', newlyReached: 1, cumulative: 4 },
      { month: '2026-05', newlyReached: 0, cumulative: 4 },
      { month: '2026-06', newlyReached: 0, cumulative: 4 },
      { month: '2026-07', newlyReached: 1, cumulative: 5 },
    ],
  };

  it('counts the current year: by enrolment, by a validation in a later year, by check-in; once per person', async () => {
    const res = await t.http().get('/api/stats/target?year=2026').set(facilitator.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected2026);
    expect(res.body.byPartner).toEqual([
      { partnerId: expect.any(String), name: 'Partenaire Deux', count: 2 },
      { partnerId: expect.any(String), name: 'Partenaire Un', count: 2 },
      { partnerId: null, name: null, count: 1 },
    ]);
  });

  it('defaults to the current year in APP_TIMEZONE', async () => {
    const res = await t.http().get('/api/stats/target').set(admin.auth);
    expect(res.body.year).toBe(2026);
    expect(res.body.reached).toBe(5);
  });

  it('a past year: 31 December 23:30 in Paris still counts in it; the whole target is expected', async () => {
    const res = await t.http().get('/api/stats/target?year=2025').set(admin.auth);
    expect(res.body).toMatchObject({
      year: 2025,
      target: 500,
      reached: 2,
      newThisYear: 2,
      percent: 0.4,
      expectedToDate: 500,
      projectedYearEnd: 2,
      onTrack: false,
      completions: 0,
      byAudience: { insertion: 1, dropout: 1, pupil: 0, other: 0 },
      byAgeBand: { '<15': 0, '15-17': 1, '18-25': 1, '26+': 0 },
    });
    expect(res.body.monthly).toHaveLength(12);
    expect(res.body.monthly[2]).toEqual({ month: '2025-03', newlyReached: 1, cumulative: 1 });
    expect(res.body.monthly[11]).toEqual({ month: '2025-12', newlyReached: 1, cumulative: 2 });
  });

  it('a future year: nothing reached, nothing expected yet', async () => {
    const res = await t.http().get('/api/stats/target?year=2027').set(admin.auth);
    expect(res.body).toMatchObject({ year: 2027, target: 500, reached: 0, expectedToDate: 0, projectedYearEnd: 0, onTrack: true, monthly: [] });
  });

  it('erasing a participant leaves every number unchanged', async () => {
    const before = (await t.http().get('/api/stats/target?year=2026').set(admin.auth)).body;
    await t.http().delete(`/api/participants/${people.E.id}`).set(admin.auth).expect(204);
    expect((await t.http().get(`/api/participants/${people.E.id}`).set(admin.auth)).status).toBe(404);
    const after = (await t.http().get('/api/stats/target?year=2026').set(admin.auth)).body;
    expect(after).toEqual(before);
  });

  it('draws the year as a valid SVG', async () => {
    const res = await t.http().get('/api/stats/target.svg?year=2026').set(facilitator.auth).buffer(true).parse((r, cb) => {
      let data = '';
      r.on('data', (chunk: Buffer) => (data += chunk.toString()));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(XMLValidator.validate(res.body as string)).toBe(true);
    expect(res.body).toContain('Jeunes touchés en 2026 : 5 sur un objectif de 20');
    expect(res.body).toContain("aujourd'hui : 5 (attendu 10)");
  });

  it('exports one pseudonymous CSV row per reached participant, with no personal field', async () => {
    const res = await t.http().get('/api/stats/participants.csv?year=2026').set(facilitator.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('jeunes-touches-2026.csv');
    const text = res.text.replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      "pseudonyme;public;genre;tranche d'âge;QPV;partenaire orienteur;première activité dans l’année;nouveau cette année;parcours suivis;parcours terminés dans l’année;sorties",
    );
    expect(lines).toHaveLength(6);
    const pseudonyms = lines.slice(1).map((line) => line.split(';')[0]);
    expect(new Set(pseudonyms).size).toBe(5);
    for (const pseudonym of pseudonyms) expect(pseudonym).toMatch(/^J-[0-9a-f]{12}$/);
    for (const person of Object.values(people)) {
      expect(text).not.toContain(person.firstName);
      expect(text).not.toContain(person.lastName);
      expect(text).not.toContain(person.id);
    }
    expect(text).not.toMatch(/@|\b20\d\d-\d\d-\d\dT/);
    const rowC = lines.find((line) => line.includes('scolaire;non binaire'))!;
    expect(rowC.split(';')).toEqual([expect.any(String), 'scolaire', 'non binaire', '<15', 'oui', 'Partenaire Un', '2026-01-20', 'oui', 'APPRENDRE EXPERIMENTER', 'EXPERIMENTER', '']);
  });

  it('neutralises cells a spreadsheet would run as a formula (a partner named =HYPERLINK(…))', async () => {
    const partners = await t.http().get('/api/partners?limit=200').set(admin.auth);
    const partner = partners.body.items.find((p: { name: string }) => p.name === 'Partenaire Un');
    const evil = '=HYPERLINK("http://evil.example","clic")';
    await t.http().patch(`/api/partners/${partner.id}`).set(admin.auth).send({ name: evil }).expect(200);
    try {
      const text = (await t.http().get('/api/stats/participants.csv?year=2026').set(facilitator.auth)).text;
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
      // No cell starts with a formula character, quoted or not.
      for (const line of text.replace(/^\uFEFF/, '').trim().split('\r\n')) expect(line).not.toMatch(/(^|;)"?[=+\-@\t\r]/);
    } finally {
      await t.http().patch(`/api/partners/${partner.id}`).set(admin.auth).send({ name: 'Partenaire Un' }).expect(200);
    }
  });

  it('gives the machine metrics of every machine', async () => {
    const res = await t.http().get('/api/stats/machines?from=2026-03-01&to=2026-04-01').set(facilitator.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(1);
    expect(res.body.items[0]).toMatchObject({ machineId: expect.any(String), code: expect.any(String), openHours: expect.any(Number), bookedHours: expect.any(Number) });
    const bad = await t.http().get('/api/stats/machines?from=2026-04-01&to=2026-03-01').set(facilitator.auth);
    expect(bad.status).toBe(400);
  });

  it('a configurable target per year; bad input changes nothing', async () => {
    expect((await t.http().get('/api/settings/targets/2026').set(facilitator.auth)).body).toEqual({ year: 2026, target: 20 });
    expect((await t.http().get('/api/settings/targets/2031').set(facilitator.auth)).body).toEqual({ year: 2031, target: 500 });
    for (const body of [{ target: 0 }, { target: 'many' }, {}, { target: 12, extra: true }]) {
      const res = await t.http().put('/api/settings/targets/2026').set(admin.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
    }
    expect((await t.http().put('/api/settings/targets/abc').set(admin.auth).send({ target: 12 })).status).toBe(400);
    expect((await t.http().get('/api/stats/target?year=twenty').set(admin.auth)).status).toBe(400);
    expect((await t.http().get('/api/settings/targets/2026').set(admin.auth)).body.target).toBe(20);
  });

  it('refuses learners everywhere, trainers the export and the target, anonymous callers', async () => {
    const learner = await makeRawLearner(t, 'learner.stats');
    const trainer = await makeStaff(t, admin, 'trainer');
    for (const path of ['/api/stats/target', '/api/stats/target.svg', '/api/stats/participants.csv', '/api/stats/machines']) {
      expect((await t.http().get(path).set(learner.auth)).status).toBe(403);
      expect((await t.http().get(path)).status).toBe(401);
    }
    expect((await t.http().get('/api/stats/target').set(trainer.auth)).status).toBe(200);
    expect((await t.http().get('/api/stats/participants.csv').set(trainer.auth)).status).toBe(403);
    expect((await t.http().put('/api/settings/targets/2026').set(facilitator.auth).send({ target: 1 })).status).toBe(403);
  });
});
