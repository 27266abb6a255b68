import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeBooking, nextWeekday, slot } from '../factories/bookings.js';
import { makeMachine } from '../factories/machines.js';
import { enrol, type EnrollmentBody, LEARNER_PASSWORD, makeLearner, makeParticipant, type ParticipantBody } from '../factories/participants.js';
import { makePartner, makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * A person's page in the staff's space: paths and steps, the whole progress log, qualifications
 * (grant, revoke with a reason), bookings, the outcome after a path, the GDPR export and, for the
 * manager, erasure after a confirmation. Every action through the API's services and rules; a
 * trainer sees their partner's young people and does only what the API lets them; anyone else
 * gets "Page introuvable" and nothing changes.
 */
describe('a person’s page', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session & { user: { id: string } };
  let partner: { id: string };
  let learner: { participant: ParticipantBody; session: Session; username: string };
  let fabriquer: EnrollmentBody;
  let staff: WebClient;
  let bookingId: string;

  const username = async (session: Session) => (await t.http().get('/api/auth/me').set(session.auth)).body.username as string;
  const signedIn = async (session: Session) => {
    const web = new WebClient(t);
    await web.signIn(await username(session), STAFF_PASSWORD);
    return web;
  };
  const api = async (path: string) => (await t.http().get(path).set(facilitator.auth)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator', { displayName: 'Camille Animatrice' });
    partner = await makePartner(t, admin, { name: 'Mission locale Test' });
    learner = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Moreau', referredByPartnerId: partner.id, contact: { phone: '06 11 22 33 44' } });
    fabriquer = await enrol(t, facilitator, learner.participant.id, 'FABRIQUER');
    const [first, second] = fabriquer.steps;
    await t.http().post(`/api/enrollments/${fabriquer.id}/steps/${first.stepId}/validate`).set(facilitator.auth).send({ note: 'Consignes de sécurité bien comprises' }).expect(200);
    await t.http().post(`/api/enrollments/${fabriquer.id}/steps/${second.stepId}/submit`).set(learner.session.auth).send({ note: 'Mon dessin de porte-clés', evidenceUrl: 'https://example.org/porte-cles' }).expect(200);
    const machine = await makeMachine(t, facilitator, { name: 'Découpeuse Trotec', category: 'laser_cutter', requiresQualification: false });
    const day = nextWeekday(t, 'wed');
    bookingId = (await makeBooking(t, facilitator, { machineId: machine.id, ...slot(day, '14:00', '16:00'), kind: 'training', title: 'Atelier laser', participantIds: [learner.participant.id] })).id;
    staff = await signedIn(facilitator);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows paths and steps, the progress log with who and what, bookings and contact', async () => {
    const page = await staff.get(`/equipe/participants/${learner.participant.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Fiche participant – Dynamo Fablab</title>');
    expect(page.text).toContain('Fabriquer');
    const submitted = fabriquer.steps[1].stepId;
    expect(page.text).toContain(`href="/validations/${fabriquer.id}/${submitted}"`);
    expect(page.text).toContain('par Camille Animatrice');
    // The log: the learner's note and link, the validator's note, the enrolment.
    expect(page.text).toContain('Étape envoyée pour validation');
    expect(page.text).toContain('Mon dessin de porte-clés');
    expect(page.text).toContain('href="https://example.org/porte-cles"');
    expect(page.text).toContain('Consignes de sécurité bien comprises');
    expect(page.text).toContain('Inscription au parcours');
    expect(page.text).toContain('Atelier laser');
    expect(page.text).toContain(`href="/seances/${bookingId}"`);
    expect(page.text).toContain('06 11 22 33 44');
    expect(page.text).toContain('Mission locale Test');
    expect(page.text).toContain('Donner l’accès');
    expect(page.text).not.toContain('Effacer cette personne'); // the manager's only
    expect(Buffer.byteLength(page.text)).toBeLessThan(30_000);
    // The same log through the API.
    const timeline = await api(`/api/participants/${learner.participant.id}/timeline`);
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['submitted', 'validated', 'enrolled']);
    expect(timeline[1]).toMatchObject({ author: { displayName: 'Camille Animatrice' }, note: 'Consignes de sécurité bien comprises', path: { code: 'FABRIQUER' } });
  });

  it('grants a qualification and revokes it with a reason; a missing reason changes nothing', async () => {
    const id = learner.participant.id;
    await staff.get(`/equipe/participants/${id}`);
    const bad = await staff.post(`/equipe/participants/${id}/habilitations`, { category: 'teleporter' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choisissez une machine de la liste.');
    const granted = await staff.post(`/equipe/participants/${id}/habilitations`, { category: 'cnc_router' });
    expect(granted.status).toBe(303);
    const [q] = await api(`/api/participants/${id}/qualifications`);
    expect(q).toMatchObject({ category: 'cnc_router', valid: true, source: 'direct' });

    await staff.get(`/equipe/participants/${id}`);
    const noReason = await staff.post(`/equipe/participants/${id}/habilitations/${q.id}/retrait`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Dites en quelques mots pourquoi');
    expect((await api(`/api/participants/${id}/qualifications`))[0].valid).toBe(true);
    const revoked = await staff.post(`/equipe/participants/${id}/habilitations/${q.id}/retrait`, { reason: 'Oubli répété des lunettes de protection' });
    expect(revoked.status).toBe(303);
    const after = (await api(`/api/participants/${id}/qualifications`))[0];
    expect(after).toMatchObject({ valid: false, revokeReason: 'Oubli répété des lunettes de protection' });
    const page = await staff.get(`/equipe/participants/${id}`);
    expect(page.text).toContain('Raison du retrait : Oubli répété des lunettes de protection');
  });

  it('starts another path, refuses one that needs a finished path, and records the outcome after a path', async () => {
    const person = await makeParticipant(t, facilitator, { referredByPartnerId: partner.id });
    await staff.get(`/equipe/participants/${person.id}`);
    const partager = await staff.post(`/equipe/participants/${person.id}/parcours`, { pathCode: 'PARTAGER' });
    expect(partager.status).toBe(422);
    expect(partager.text).toContain('Ce parcours demande d’avoir d’abord terminé un autre parcours.');
    expect((await api(`/api/participants/${person.id}`)).enrollments).toEqual([]);
    expect((await staff.post(`/equipe/participants/${person.id}/parcours`, { pathCode: 'APPRENDRE' })).status).toBe(303);
    const [enrollment] = (await api(`/api/participants/${person.id}`)).enrollments;
    expect(enrollment.path.code).toBe('APPRENDRE');

    await staff.get(`/equipe/participants/${person.id}`);
    const early = await staff.post(`/equipe/participants/${person.id}/parcours/${enrollment.id}/suite`, { outcome: 'training' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('La suite se note une fois le parcours terminé ou arrêté.');
    await t.http().post(`/api/enrollments/${enrollment.id}/withdraw`).set(facilitator.auth).send({ reason: 'Déménagement' }).expect(200);
    const wrong = await staff.post(`/equipe/participants/${person.id}/parcours/${enrollment.id}/suite`, { outcome: 'astronaut' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Choisissez ce que fait la personne après le parcours.');
    expect((await api(`/api/enrollments/${enrollment.id}`)).outcome).toBeNull();

    // A trainer of the referring partner may record it too (as the API allows).
    const trainer = await makeStaff(t, admin, 'trainer', { partnerId: partner.id });
    const web = await signedIn(trainer);
    const page = await web.get(`/equipe/participants/${person.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Que fait la personne après ce parcours ?');
    expect(page.text).not.toContain('Habiliter');
    expect(page.text).not.toContain('Donner l’accès');
    expect(page.text).not.toContain('/donnees');
    const ok = await web.post(`/equipe/participants/${person.id}/parcours/${enrollment.id}/suite`, { outcome: 'training', note: 'CAP menuiserie' });
    expect(ok.status).toBe(303);
    expect((await api(`/api/enrollments/${enrollment.id}`)).outcome).toMatchObject({ outcome: 'training' });
    const shown = await web.get(`/equipe/participants/${person.id}`);
    expect(shown.text).toContain('Après le parcours :</strong> Formation');
    expect(shown.text).toContain('CAP menuiserie');
    // The same form posted again (a double tap, a reload that re-sends): one line in the history.
    const outcomeLines = async () => (await api(`/api/participants/${person.id}/timeline`)).filter((e: { type: string }) => e.type === 'outcome').length;
    expect(await outcomeLines()).toBe(1);
    expect((await web.post(`/equipe/participants/${person.id}/parcours/${enrollment.id}/suite`, { outcome: 'training', note: 'CAP menuiserie' })).status).toBe(303);
    expect(await outcomeLines()).toBe(1);
    expect((await web.get(`/equipe/participants/${person.id}`)).text.split('CAP menuiserie').length - 1).toBe(1);
    // A real change is a new line: another outcome, or the same one with another note.
    expect((await web.post(`/equipe/participants/${person.id}/parcours/${enrollment.id}/suite`, { outcome: 'training', note: 'CAP menuiserie, en alternance' })).status).toBe(303);
    expect(await outcomeLines()).toBe(2);
    // …but not grant, revoke, enrol, export or erase (404, nothing changed).
    expect((await web.post(`/equipe/participants/${person.id}/habilitations`, { category: 'cnc_router' })).status).toBe(404);
    expect((await web.post(`/equipe/participants/${person.id}/parcours`, { pathCode: 'EXPERIMENTER' })).status).toBe(404);
    expect((await web.get(`/equipe/participants/${person.id}/donnees`)).status).toBe(404);
    expect((await web.get(`/equipe/participants/${person.id}/effacer`)).status).toBe(404);
    expect(await api(`/api/participants/${person.id}/qualifications`)).toEqual([]);
  });

  it('never shows another partner’s young person, nor staff pages to a learner (404, nothing changed)', async () => {
    const other = await makeStaff(t, admin, 'trainer'); // a partner of their own
    const web = await signedIn(other);
    const id = learner.participant.id;
    for (const path of [`/equipe/participants/${id}`, `/equipe/participants/${id}/donnees`, `/equipe/participants/${id}/effacer`]) {
      const res = await web.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Moreau');
    }
    const closed = (await makeParticipant(t, facilitator, { referredByPartnerId: partner.id }));
    const e = await enrol(t, facilitator, closed.id, 'EXPERIMENTER');
    await t.http().post(`/api/enrollments/${e.id}/withdraw`).set(facilitator.auth).send({}).expect(200);
    await web.get('/equipe/participants');
    expect((await web.post(`/equipe/participants/${closed.id}/parcours/${e.id}/suite`, { outcome: 'employment' })).status).toBe(404);
    expect((await api(`/api/enrollments/${e.id}`)).outcome).toBeNull();
    // An enrolment of someone else, posted under a visible person's address: 404 too.
    await staff.get(`/equipe/participants/${id}`);
    expect((await staff.post(`/equipe/participants/${id}/parcours/${e.id}/suite`, { outcome: 'employment' })).status).toBe(404);
    expect((await api(`/api/enrollments/${e.id}`)).outcome).toBeNull();

    const young = new WebClient(t);
    await young.signIn(learner.username, LEARNER_PASSWORD);
    for (const path of [`/equipe/participants/${id}`, `/equipe/participants/${id}/donnees`, `/equipe/participants/${id}/effacer`]) {
      expect((await young.get(path)).status).toBe(404);
    }
    expect((await staff.get('/equipe/participants/not-a-uuid')).status).toBe(404);
  });

  it('downloads the GDPR export as a file', async () => {
    const res = await staff.get(`/equipe/participants/${learner.participant.id}/donnees`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="participant-${learner.participant.id}.json"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const document = JSON.parse(res.text);
    expect(document.participant).toMatchObject({ firstName: 'Inès', lastName: 'Moreau' });
    expect(document.events.length).toBeGreaterThanOrEqual(3);
  });

  it('erases, for the manager only, after a confirmation that says what is kept', async () => {
    const person = await makeParticipant(t, facilitator, { firstName: 'Zoé', lastName: 'Effacement', referredByPartnerId: partner.id });
    await enrol(t, facilitator, person.id, 'EXPERIMENTER');
    expect((await staff.get(`/equipe/participants/${person.id}/effacer`)).status).toBe(404);
    await staff.get(`/equipe/participants/${person.id}`);
    expect((await staff.post(`/equipe/participants/${person.id}/effacer`, { confirm: 'on' })).status).toBe(404);
    expect((await api(`/api/participants/${person.id}`)).lastName).toBe('Effacement');

    const manager = new WebClient(t);
    await manager.signIn('admin', (await import('../helpers/test-app.js')).ADMIN_PASSWORD);
    const profile = await manager.get(`/equipe/participants/${person.id}`);
    expect(profile.text).toContain(`href="/equipe/participants/${person.id}/effacer"`);
    const confirm = await manager.get(`/equipe/participants/${person.id}/effacer`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Ce qui est gardé, sans nom');
    expect(confirm.text).toContain('les photos des étapes');
    expect(confirm.text).toContain('Ses présences passées aux séances');
    const unticked = await manager.post(`/equipe/participants/${person.id}/effacer`, {});
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain('rien n’a été effacé');
    expect((await api(`/api/participants/${person.id}`)).lastName).toBe('Effacement');
    const erased = await manager.post(`/equipe/participants/${person.id}/effacer`, { confirm: 'on' });
    expect(erased.status).toBe(303);
    expect(erased.headers.location).toBe('/equipe/participants?fait=efface');
    expect((await manager.get(erased.headers.location as string)).text).toContain('La personne est effacée');
    expect((await t.http().get(`/api/participants/${person.id}`).set(facilitator.auth)).status).toBe(404);
    expect((await manager.get(`/equipe/participants/${person.id}`)).status).toBe(404);
  });
});
