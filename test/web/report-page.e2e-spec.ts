import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Clock } from '../../src/common/time/clock.service.js';
import { enrol, makeLearner, makeParticipant } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * The bilan page of the staff's space: the same figures as GET /api/stats/report, for the days
 * picked (the last one included), a trainer's restricted to their partner's young people, the
 * spreadsheet downloaded with the session. "Now": 1 October 2026.
 */
describe('web: the bilan page', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Awaited<ReturnType<typeof makeStaff>>;
  let trainer: Awaited<ReturnType<typeof makeStaff>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    const partner = await makePartner(t, admin, { name: 'Mission locale' });
    trainer = await makeStaff(t, admin, 'trainer', { partnerId: partner.id });
    const ours = await makeParticipant(t, facilitator, { referredByPartnerId: partner.id, livesInQpv: true });
    const other = await makeParticipant(t, facilitator, { livesInQpv: false, audience: 'dropout' });
    const late = await makeParticipant(t, facilitator, { livesInQpv: false, audience: 'other' });
    await enrol(t, facilitator, ours.id, 'APPRENDRE', { enrolledAt: '2026-03-10T10:00:00Z' });
    await enrol(t, facilitator, other.id, 'APPRENDRE', { enrolledAt: '2025-06-10T10:00:00Z' });
    await enrol(t, facilitator, other.id, 'FABRIQUER', { enrolledAt: '2025-12-31T23:30:00Z' }); // 1 January 2026, 00:30 in Paris
    await enrol(t, facilitator, late.id, 'EXPERIMENTER', { enrolledAt: '2025-12-31T22:45:00Z' }); // 31 December 2025, 23:45 in Paris
    t.app.get(Clock).freezeAt(new Date('2026-10-01T10:00:00Z'));
  });

  afterAll(async () => {
    t.app.get(Clock).freezeAt(null);
    await t.close();
  });

  const signedIn = async (user: { id: string }) => {
    const web = new WebClient(t);
    await web.signIn((user as unknown as { username: string }).username, STAFF_PASSWORD);
    return web;
  };
  const cell = (html: string, label: string) => html.match(new RegExp(`<th scope="row">${label}</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`))?.slice(1);

  it('shows the figures of the days picked, the last one included, beside the year before', async () => {
    const web = await signedIn(facilitator.user);
    const page = await web.get('/equipe/bilan?du=2026-01-01&au=2026-12-31');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Bilan d’activité</h1>');
    expect(page.text).toContain('du 01/01/2026 au 31/12/2026, comparé à la même période un an plus tôt (du 01/01/2025 au 31/12/2025).');
    expect(cell(page.text, 'Jeunes touchés')).toEqual(['2', '2']);
    expect(cell(page.text, 'Part des jeunes en QPV \\(exigé : 60 %\\)')).toEqual(['50,0 %', '0,0 %']);
    // Each chart is a picture with a title, and a table that says the same.
    expect(page.text).toMatch(/<svg viewBox="[^"]+" width="100%" role="img" aria-labelledby="publics-title"/);
    expect(cell(page.text, 'insertion professionnelle')).toEqual(['1', '0']);
    // The last day is included, to its midnight in Paris: 31 December 23:45 counts in 2025.
    expect(cell((await web.get('/equipe/bilan?du=2025-01-01&au=2025-12-31')).text, 'Jeunes touchés')).toEqual(['2', '0']);
    expect(cell((await web.get('/equipe/bilan?du=2025-01-01&au=2025-12-30')).text, 'Jeunes touchés')).toEqual(['1', '0']);
    // Without days: the current calendar year.
    expect(cell((await web.get('/equipe/bilan')).text, 'Jeunes touchés')).toEqual(['2', '2']);
  });

  it('a trainer’s bilan: their partner’s young people only, no budget, no machines', async () => {
    const web = await signedIn(trainer.user);
    const page = await web.get('/equipe/bilan?du=2026-01-01&au=2026-12-31');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Jeunes orientés par Mission locale.');
    expect(cell(page.text, 'Jeunes touchés')).toEqual(['1', '0']);
    expect(page.text).not.toContain('Coût par jeune');
    expect(page.text).not.toContain('id="machines"');
  });

  it('says what is wrong with a period, in words, and shows no figures', async () => {
    const web = await signedIn(facilitator.user);
    for (const query of ['du=2026-03-01&au=2026-02-01', 'du=2024-01-01&au=2026-01-01', 'du=hier&au=2026-02-01', 'du=2026-02-30&au=2026-03-01']) {
      const page = await web.get(`/equipe/bilan?${query}`);
      expect(page.status).toBe(400);
      expect(page.text).toContain('Il y a un problème');
      expect(page.text).not.toContain('Chiffres clés');
    }
  });

  it('downloads the spreadsheet with the session', async () => {
    const web = await signedIn(trainer.user);
    const res = await t.http().get('/equipe/bilan.xlsx?du=2026-01-01&au=2026-12-31').set('Cookie', web.cookieHeader()).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (chunk: Buffer) => chunks.push(chunk));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bilan-2026-01-01-2026-12-31.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.getWorksheet('Jeunes')!.rowCount).toBe(2);
  });

  it('is for staff only: a learner and a visitor are turned away', async () => {
    const visitor = new WebClient(t);
    const page = await visitor.get('/equipe/bilan');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/connexion?retour=%2Fequipe%2Fbilan');
    const { username } = await makeLearner(t, facilitator);
    const learner = new WebClient(t);
    await learner.signIn(username, 'learner-password-1');
    expect((await learner.get('/equipe/bilan')).status).toBe(404);
    expect((await learner.get('/equipe/bilan.xlsx')).status).toBe(404);
  });
});
