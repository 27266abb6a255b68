import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { enrol, LEARNER_PASSWORD, makeLearner, makeParticipant } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';

/**
 * Enrolling a young person and finding them again, through the pages: the API's rules (parental
 * consent under 15, one person per name and birth year), filters in the address, and the same
 * scope as the API (a trainer sees their partner's young people; a learner none of this).
 */
describe('participants pages: enrol, search and filter', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let staff: WebClient;
  let partner: { id: string; name: string };
  const year = new Date().getFullYear();

  const username = async (session: Session) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
  const signedIn = async (session: Session) => {
    const web = new WebClient(t);
    await web.signIn(await username(session), STAFF_PASSWORD);
    return web;
  };
  const search = async (q: string) => (await t.http().get('/api/participants').query({ search: q }).set(facilitator.auth)).body;

  /** The form as a facilitator fills it for a young person, with `overrides`. */
  const form = (overrides: Record<string, string> = {}): Record<string, string> => ({
    firstName: 'Yanis',
    lastName: 'Benali',
    birthYear: String(year - 14),
    gender: 'male',
    audience: 'pupil',
    livesInQpv: 'oui',
    postcode: '73000',
    referredByPartnerId: partner.id,
    phone: '06 12 34 56 78',
    email: '',
    guardianName: 'Nadia Benali',
    guardianPhone: '06 98 76 54 32',
    guardianEmail: '',
    parentalConsent: 'on',
    dataProcessing: 'on',
    pathCode: 'EXPERIMENTER',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    partner = await makePartner(t, admin, { name: 'Collège Louise Michel' });
    staff = await signedIn(facilitator);
  });
  afterAll(async () => {
    await t.close();
  });

  it('enrols a 14-year-old with their guardian’s consent, starts the path and offers "Donner l’accès"', async () => {
    const blank = await staff.get('/equipe/participants/nouveau');
    expect(blank.status).toBe(200);
    expect(blank.text).toContain('Responsable légal — seulement si moins de 15 ans');
    expect(blank.text).not.toContain('Partager'); // PARTAGER needs a finished path: not offered to a newcomer
    const res = await staff.post('/equipe/participants/nouveau', form());
    expect(res.status).toBe(303);
    const id = /^\/equipe\/participants\/([0-9a-f-]{36})\?fait=inscrit$/.exec(res.headers.location as string)?.[1] as string;
    expect(id).toBeDefined();
    const api = (await t.http().get(`/api/participants/${id}`).set(facilitator.auth)).body;
    expect(api).toMatchObject({
      firstName: 'Yanis',
      lastName: 'Benali',
      birthYear: year - 14,
      gender: 'male',
      audience: 'pupil',
      livesInQpv: true,
      postcode: '73000',
      referredByPartnerId: partner.id,
      contact: { phone: '06 12 34 56 78', email: null },
      guardian: { name: 'Nadia Benali', phone: '06 98 76 54 32', email: null },
      consent: { dataProcessing: true, parentalConsent: true, imageRights: false },
    });
    expect(api.enrollments.map((e: { path: { code: string }; status: string }) => [e.path.code, e.status])).toEqual([['EXPERIMENTER', 'active']]);
    const page = await staff.get(res.headers.location as string);
    expect(page.text).toContain('C’est inscrit');
    expect(page.text).toContain('Donner l’accès');
  });

  it('asks for the guardian only under 15, and says what is missing without saving anything', async () => {
    const young = await staff.post('/equipe/participants/nouveau', form({ firstName: 'Lou', guardianName: '', guardianPhone: '', parentalConsent: '' }));
    expect(young.status).toBe(400);
    expect(young.text).toContain('Moins de 15 ans : indiquez le nom du responsable légal.');
    expect(young.text).toContain('Moins de 15 ans : cochez l’accord du responsable légal');
    expect(young.text).toContain('value="Lou"'); // what was typed stays
    expect((await search('Lou Benali')).total).toBe(0);

    const adult = await staff.post('/equipe/participants/nouveau', form({ firstName: 'Sofiane', birthYear: String(year - 19), audience: 'insertion', guardianName: '', guardianPhone: '', parentalConsent: '', pathCode: '' }));
    expect(adult.status).toBe(303);
    const created = (await search('Sofiane Benali')).items[0];
    expect(created.guardian).toBeNull();
    expect(created.enrollments).toEqual([]);
  });

  it('refuses bad input field by field, in plain French, and changes nothing', async () => {
    const res = await staff.post('/equipe/participants/nouveau', {
      firstName: '!!!',
      lastName: '',
      birthYear: '20',
      gender: 'robot',
      audience: '',
      livesInQpv: 'peut-être',
      postcode: '<script>',
      referredByPartnerId: 'nope',
      email: 'pas-une-adresse',
      phone: 'abc',
      pathCode: 'PARTAGER',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    for (const sentence of [
      'Indiquez le prénom',
      'Indiquez le nom',
      'Indiquez l’année de naissance sur 4 chiffres',
      'Choisissez une réponse',
      'Choisissez le public',
      'quartier prioritaire',
      'Le code postal',
      'Choisissez une structure de la liste',
      'L’adresse e-mail doit ressembler',
      'Le téléphone s’écrit',
      'Sans l’accord pour l’enregistrement',
      'Choisissez un parcours de la liste',
    ]) {
      expect(res.text).toContain(sentence);
    }
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain('&lt;script>');
    const future = await staff.post('/equipe/participants/nouveau', form({ firstName: 'Futur', birthYear: String(year + 1) }));
    expect(future.status).toBe(400);
    expect(future.text).toContain(`ne peut pas être après ${year}`);
    expect((await search('Futur')).total).toBe(0);
  });

  it('offers the person already enrolled instead of creating a twin', async () => {
    const existing = await makeParticipant(t, facilitator, { firstName: 'Inès', lastName: 'Moreau', birthYear: 2006 });
    const res = await staff.post('/equipe/participants/nouveau', form({ firstName: ' ines ', lastName: 'MOREAU', birthYear: '2006', audience: 'insertion', guardianName: '', guardianPhone: '', parentalConsent: '' }));
    expect(res.status).toBe(409);
    expect(res.text).toContain('C’est peut-être');
    expect(res.text).toContain('Inès Moreau, né·e en 2006');
    expect(res.text).toContain(`href="/equipe/participants/${existing.id}"`);
    expect(res.text).toContain('Ouvrir sa fiche');
    expect((await search('Moreau')).total).toBe(1);
    // Said at once, even while other answers are missing.
    const partial = await staff.post('/equipe/participants/nouveau', { firstName: 'Inès', lastName: 'Moreau', birthYear: '2006' });
    expect(partial.status).toBe(409);
    expect(partial.text).toContain('Ouvrir sa fiche');
    expect(partial.text).toContain('Choisissez le public');
    expect((await search('Moreau')).total).toBe(1);
  });

  it('refuses a form without its CSRF token, and keeps enrolment from trainers and learners (404)', async () => {
    const forged = await staff.post('/equipe/participants/nouveau', form({ firstName: 'Forgé' }), { csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect((await search('Forgé')).total).toBe(0);

    const trainer = await makeStaff(t, admin, 'trainer', { partnerId: partner.id });
    const web = await signedIn(trainer);
    expect((await web.get('/equipe/participants/nouveau')).status).toBe(404);
    await web.get('/equipe/participants');
    expect((await web.post('/equipe/participants/nouveau', form({ firstName: 'Parformateur' }))).status).toBe(404);
    expect((await search('Parformateur')).total).toBe(0);
    expect((await web.get('/equipe/participants')).text).not.toContain('Inscrire un jeune');

    const learner = await makeLearner(t, facilitator);
    const young = new WebClient(t);
    await young.signIn(learner.username, LEARNER_PASSWORD);
    expect((await young.get('/equipe/participants/nouveau')).status).toBe(404);
    expect((await young.get('/equipe/participants')).status).toBe(404);
  });

  it('searches and filters by name, audience, path, status and partner, in the address, page by page', async () => {
    const other = await makePartner(t, admin, { name: 'Mission locale Filtres' });
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      const person = await makeParticipant(t, facilitator, {
        firstName: `Filtre${String(i).padStart(2, '0')}`,
        lastName: 'Liste',
        audience: i % 2 ? 'dropout' : 'insertion',
        referredByPartnerId: other.id,
      });
      ids.push(person.id);
    }
    const fab = await enrol(t, facilitator, ids[0], 'FABRIQUER');
    await t.http().post(`/api/enrollments/${fab.id}/pause`).set(facilitator.auth).send({}).expect(200);
    await enrol(t, facilitator, ids[1], 'FABRIQUER');

    const first = await staff.get(`/equipe/participants?q=liste&partenaire=${other.id}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('27 personnes pour « liste » avec ces critères');
    expect(first.text).toContain('Page 1 sur 2');
    expect(first.text).toContain(`href="/equipe/participants?q=liste&amp;partenaire=${other.id}&amp;page=2"`);
    const second = await staff.get(`/equipe/participants?q=liste&partenaire=${other.id}&page=2`);
    expect(second.text).toContain('Filtre26');
    expect(second.text).not.toContain('Filtre00');

    const dropouts = await staff.get(`/equipe/participants?q=liste&public=dropout`);
    expect(dropouts.text).toContain('13 personnes');
    const paused = await staff.get('/equipe/participants?q=liste&parcours=FABRIQUER&statut=paused');
    expect(paused.text).toContain('1 personne');
    expect(paused.text).toContain('Filtre00');
    expect(paused.text).toContain('<option value="paused" selected>');
    const fabriquer = await staff.get('/equipe/participants?parcours=FABRIQUER&q=filtre');
    expect(fabriquer.text).toContain('2 personnes');

    const bad = await staff.get('/equipe/participants?q=liste&public=aliens&partenaire=00000000-0000-4000-8000-000000000000');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choisissez un public de la liste.');
    expect(bad.text).toContain('Choisissez une structure de la liste.');
    expect(bad.text).toContain('27 personnes');
  });

  it('shows a trainer their partner’s young people only ("Mes jeunes"), without the partner filter', async () => {
    const mine = await makePartner(t, admin, { name: 'École de la deuxième chance' });
    const trainer = await makeStaff(t, admin, 'trainer', { partnerId: mine.id });
    await makeParticipant(t, facilitator, { firstName: 'Maya', lastName: 'Partenaire', referredByPartnerId: mine.id });
    await makeParticipant(t, facilitator, { firstName: 'Hugo', lastName: 'Ailleurs', referredByPartnerId: partner.id });
    const web = await signedIn(trainer);
    const list = await web.get(`/equipe/participants?partenaire=${partner.id}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('<h1>Mes jeunes</h1>');
    expect(list.text).toContain('Partenaire');
    expect(list.text).not.toContain('Ailleurs');
    expect(list.text).not.toContain('Benali');
    expect(list.text).not.toContain('name="partenaire"');
  });
});
