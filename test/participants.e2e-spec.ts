import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { enrol, makeLearner, makeParticipant, participantBody } from './factories/participants.js';
import { makePartner, makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('participants', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { partnerId: string | null } };
  let otherTrainer: Session;
  /**
   * The current year in APP_TIMEZONE, as the server reads it at each request (on its own real clock).
   * Read in each test, never kept from beforeAll; in the last 30 seconds of a year it first waits for
   * the new one, so that the year cannot change under a test.
   */
  const thisYear = async (): Promise<number> => {
    const now = DateTime.now().setZone(t.config.timezone);
    const left = now.endOf('year').toMillis() - now.toMillis();
    if (left < 30_000) await new Promise((resolve) => setTimeout(resolve, left + 1_000));
    return DateTime.now().setZone(t.config.timezone).year;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    otherTrainer = await makeStaff(t, admin, 'trainer');
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async () => Number((await rows<{ n: string }>(t, 'SELECT COUNT(*) AS n FROM participants'))[0].n);

  describe('POST /participants', () => {
    it('creates a participant with exactly the fields of the contract', async () => {
      const partner = await makePartner(t, admin);
      const res = await t
        .http()
        .post('/api/participants')
        .set(facilitator.auth)
        .send({
          firstName: ' Inès ',
          lastName: 'Benali',
          birthYear: 2006,
          gender: 'female',
          audience: 'dropout',
          livesInQpv: true,
          postcode: '73000',
          referredByPartnerId: partner.id,
          contact: { email: 'Ines@Example.org', phone: '06 12 34 56 78' },
          consent: { dataProcessing: true, imageRights: false },
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        firstName: 'Inès',
        lastName: 'Benali',
        birthYear: 2006,
        gender: 'female',
        audience: 'dropout',
        livesInQpv: true,
        postcode: '73000',
        referredByPartnerId: partner.id,
        contact: { email: 'ines@example.org', phone: '06 12 34 56 78' },
        guardian: null,
        consent: { dataProcessing: true, parentalConsent: null, imageRights: false },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        enrollments: [],
        account: null,
      });
      const get = await t.http().get(`/api/participants/${res.body.id}`).set(admin.auth);
      expect(get.body).toEqual(res.body);
    });

    it('refuses any field beyond the contract, and bad values, changing nothing', async () => {
      const year = await thisYear();
      const before = await count();
      const extra = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ nationality: 'FR' }));
      expect(extra.status).toBe(400);
      expect(extra.body.details).toEqual([{ field: 'nationality', message: expect.stringContaining('should not exist') }]);

      const bad = await t
        .http()
        .post('/api/participants')
        .set(facilitator.auth)
        .send(participantBody({ gender: 'x', birthYear: '2004', contact: { email: 'not-an-email' }, guardian: { phone: '0612345678' } }));
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('VALIDATION_FAILED');
      const fields = bad.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['gender', 'birthYear', 'contact.email', 'guardian.name']));

      const future = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ birthYear: year + 1 }));
      expect(future.status).toBe(400);
      expect(future.body.details[0].field).toBe('birthYear');

      const partner = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ referredByPartnerId: randomUUID() }));
      expect(partner.status).toBe(400);
      expect(partner.body.details[0].field).toBe('referredByPartnerId');
      expect(await count()).toBe(before);
    });

    it('requires consent to data processing (true)', async () => {
      const before = await count();
      for (const consent of [undefined, {}, { dataProcessing: false }, { dataProcessing: 'yes' }]) {
        const res = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ consent }));
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(consent ? 'consent.dataProcessing' : 'consent');
      }
      expect(await count()).toBe(before);
    });

    it('requires a guardian and parental consent under 15', async () => {
      const year = await thisYear();
      const before = await count();
      const minor = { birthYear: year - 14, audience: 'pupil' };
      const none = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody(minor));
      expect(none.status).toBe(422);
      expect(none.body).toMatchObject({ error: 'PARENTAL_CONSENT_REQUIRED', details: { missing: ['guardian', 'consent.parentalConsent'] } });

      const noConsent = await t
        .http()
        .post('/api/participants')
        .set(facilitator.auth)
        .send(participantBody({ ...minor, guardian: { name: 'Nadia Benali' }, consent: { dataProcessing: true, parentalConsent: false } }));
      expect(noConsent.status).toBe(422);
      expect(noConsent.body.details).toEqual({ missing: ['consent.parentalConsent'] });

      const noGuardian = await t
        .http()
        .post('/api/participants')
        .set(facilitator.auth)
        .send(participantBody({ ...minor, consent: { dataProcessing: true, parentalConsent: true } }));
      expect(noGuardian.status).toBe(422);
      expect(await count()).toBe(before);

      const ok = await t
        .http()
        .post('/api/participants')
        .set(facilitator.auth)
        .send(
          participantBody({
            ...minor,
            guardian: { name: 'Nadia Benali', phone: '0612345678', email: 'nadia@example.org' },
            consent: { dataProcessing: true, parentalConsent: true },
          }),
        );
      expect(ok.status).toBe(201);
      expect(ok.body.guardian).toEqual({ name: 'Nadia Benali', phone: '0612345678', email: 'nadia@example.org' });

      const fifteen = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ birthYear: year - 15 }));
      expect(fifteen.status).toBe(201);
    });

    it('refuses a likely duplicate (same names, case and accents aside, same birth year) with its id', async () => {
      const first = await makeParticipant(t, facilitator, { firstName: 'Élodie', lastName: 'Dupont-Martin', birthYear: 2005 });
      const before = await count();
      const dup = await t
        .http()
        .post('/api/participants')
        .set(admin.auth)
        .send(participantBody({ firstName: 'ELODIE', lastName: 'dupont martin', birthYear: 2005 }));
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ error: 'PARTICIPANT_EXISTS', details: { id: first.id } });
      expect(await count()).toBe(before);

      const otherYear = await t
        .http()
        .post('/api/participants')
        .set(admin.auth)
        .send(participantBody({ firstName: 'Élodie', lastName: 'Dupont-Martin', birthYear: 2006 }));
      expect(otherYear.status).toBe(201);

      const patch = await t.http().patch(`/api/participants/${otherYear.body.id}`).set(admin.auth).send({ birthYear: 2005 });
      expect(patch.status).toBe(409);
      expect(patch.body.details).toEqual({ id: first.id });
    });

    it('lets exactly one of two simultaneous creations of the same person through', async () => {
      const body = participantBody();
      const [a, b] = await Promise.all([facilitator, admin].map((s) => t.http().post('/api/participants').set(s.auth).send(body)));
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const [created, refused] = a.status === 201 ? [a, b] : [b, a];
      expect(refused.body).toMatchObject({ error: 'PARTICIPANT_EXISTS', details: { id: created.body.id } });
    });

    it('is for facilitators and admins only', async () => {
      expect((await t.http().post('/api/participants').send(participantBody())).status).toBe(401);
      expect((await t.http().post('/api/participants').set(trainer.auth).send(participantBody())).status).toBe(403);
      const { session: learner } = await makeLearner(t, admin);
      expect((await t.http().post('/api/participants').set(learner.auth).send(participantBody())).status).toBe(403);
    });
  });

  describe('GET /participants', () => {
    let partnerId: string;
    let referred: { id: string };
    let marwan: { id: string };

    beforeAll(async () => {
      partnerId = trainer.user.partnerId!;
      referred = await makeParticipant(t, admin, { firstName: 'Zoé', lastName: 'Lefèvre', referredByPartnerId: partnerId, audience: 'pupil', birthYear: 2010 });
      marwan = await makeParticipant(t, admin, { firstName: 'Marwan', lastName: 'Zeroual', audience: 'insertion' });
      const e = await enrol(t, admin, marwan.id, 'APPRENDRE');
      await t.http().post(`/api/enrollments/${e.id}/pause`).set(admin.auth).send({});
      await enrol(t, admin, referred.id, 'EXPERIMENTER');
    });

    it('searches names without case or accents, word by word', async () => {
      const res = await t.http().get('/api/participants?search=zoe%20LEFEVRE').set(facilitator.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([referred.id]);
      expect((await t.http().get('/api/participants?search=lefèv').set(facilitator.auth)).body.total).toBe(1);
      expect((await t.http().get('/api/participants?search=zoe%20zeroual').set(facilitator.auth)).body.total).toBe(0);
    });

    it('filters by audience, path and enrolment status, with progress at a glance', async () => {
      const byPath = await t.http().get('/api/participants?pathCode=apprendre').set(facilitator.auth);
      expect(byPath.body.items.map((p: { id: string }) => p.id)).toEqual([marwan.id]);
      expect(byPath.body.items[0].enrollments).toEqual([
        expect.objectContaining({ path: expect.objectContaining({ code: 'APPRENDRE' }), status: 'paused', progressPct: 0 }),
      ]);
      expect(byPath.body.items[0].enrollments[0].steps).toBeUndefined();

      const paused = await t.http().get('/api/participants?status=paused&audience=insertion').set(facilitator.auth);
      expect(paused.body.items.map((p: { id: string }) => p.id)).toEqual([marwan.id]);
      expect((await t.http().get('/api/participants?pathCode=APPRENDRE&status=active').set(facilitator.auth)).body.total).toBe(0);
      expect((await t.http().get('/api/participants?pathCode=NOPE').set(facilitator.auth)).body).toMatchObject({ items: [], total: 0 });

      const pupils = await t.http().get('/api/participants?audience=pupil&limit=1').set(facilitator.auth);
      expect(pupils.body.limit).toBe(1);
      expect(pupils.body.items.every((p: { audience: string }) => p.audience === 'pupil')).toBe(true);
    });

    it('refuses bad filters', async () => {
      const res = await t.http().get('/api/participants?status=sleeping&audience=x&partnerId=nope').set(facilitator.auth);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['audience', 'partnerId', 'status']);
    });

    it('filters by the referring partner, within what the caller may see', async () => {
      const byPartner = await t.http().get(`/api/participants?partnerId=${trainer.user.partnerId}`).set(facilitator.auth);
      expect(byPartner.body.items.map((p: { id: string }) => p.id)).toEqual([referred.id]);
      expect((await t.http().get(`/api/participants?partnerId=${randomUUID()}`).set(facilitator.auth)).body.total).toBe(0);
      expect((await t.http().get(`/api/participants?partnerId=${trainer.user.partnerId}`).set(otherTrainer.auth)).body.total).toBe(0);
    });

    it('gives a person’s progress log, newest first, scoped like the person', async () => {
      const person = await makeParticipant(t, facilitator);
      const e = await enrol(t, facilitator, person.id, 'EXPERIMENTER');
      await t.http().post(`/api/enrollments/${e.id}/pause`).set(facilitator.auth).send({ reason: 'Stage en entreprise' }).expect(200);
      const log = await t.http().get(`/api/participants/${person.id}/timeline`).set(facilitator.auth);
      expect(log.status).toBe(200);
      expect(log.body.map((event: { type: string }) => event.type)).toEqual(['paused', 'enrolled']);
      expect(log.body[0]).toMatchObject({ enrollmentId: e.id, path: { code: 'EXPERIMENTER' }, note: 'Stage en entreprise', stepId: null, outcome: null });
      expect(log.body[0].author.id).toBe(facilitator.userId);
      expect((await t.http().get(`/api/participants/${person.id}/timeline`).set(trainer.auth)).status).toBe(404);
      expect((await t.http().get(`/api/participants/not-an-id/timeline`).set(facilitator.auth)).status).toBe(404);
    });

    it('shows a trainer only the young people their partner referred', async () => {
      const mine = await t.http().get('/api/participants').set(trainer.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([referred.id]);
      expect((await t.http().get(`/api/participants/${referred.id}`).set(trainer.auth)).status).toBe(200);

      expect((await t.http().get('/api/participants').set(otherTrainer.auth)).body.total).toBe(0);
      const refused = await t.http().get(`/api/participants/${referred.id}`).set(otherTrainer.auth);
      expect(refused.status).toBe(404);
      expect(refused.body.error).toBe('NOT_FOUND');
      expect((await t.http().get(`/api/participants/${marwan.id}`).set(trainer.auth)).status).toBe(404);
    });

    it('lets a learner read their own record only, and not the list', async () => {
      const { participant, session } = await makeLearner(t, admin);
      const own = await t.http().get(`/api/participants/${participant.id}`).set(session.auth);
      expect(own.status).toBe(200);
      expect(own.body.account).toMatchObject({ activated: true, active: true });
      expect((await t.http().get(`/api/participants/${referred.id}`).set(session.auth)).status).toBe(404);
      expect((await t.http().get('/api/participants').set(session.auth)).status).toBe(403);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect((await t.http().get(`/api/participants/${randomUUID()}`).set(admin.auth)).status).toBe(404);
      expect((await t.http().get('/api/participants/not-an-id').set(admin.auth)).status).toBe(404);
    });
  });

  describe('PATCH /participants/:id', () => {
    it('updates given fields, clears optional ones with null, re-checks the rules', async () => {
      const year = await thisYear();
      const p = await makeParticipant(t, facilitator, { postcode: '73000', contact: { email: 'a@example.org' } });
      const res = await t
        .http()
        .patch(`/api/participants/${p.id}`)
        .set(facilitator.auth)
        .send({ lastName: 'Nouveau', postcode: null, contact: null, livesInQpv: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ lastName: 'Nouveau', postcode: null, contact: null, livesInQpv: false, firstName: p.firstName });
      expect((await t.http().get(`/api/participants?search=nouveau`).set(admin.auth)).body.items.map((x: { id: string }) => x.id)).toContain(p.id);

      const nulls = await t.http().patch(`/api/participants/${p.id}`).set(facilitator.auth).send({ firstName: null, consent: null });
      expect(nulls.status).toBe(400);
      expect(nulls.body.details.map((d: { field: string }) => d.field)).toEqual(['firstName', 'consent']);

      const consent = await t.http().patch(`/api/participants/${p.id}`).set(facilitator.auth).send({ consent: { dataProcessing: false } });
      expect(consent.status).toBe(400);

      const minor = await t.http().patch(`/api/participants/${p.id}`).set(facilitator.auth).send({ birthYear: year - 10 });
      expect(minor.status).toBe(422);
      expect(minor.body.error).toBe('PARENTAL_CONSENT_REQUIRED');
      expect((await t.http().get(`/api/participants/${p.id}`).set(admin.auth)).body).toMatchObject({ lastName: 'Nouveau', birthYear: 2004 });
    });

    it('is for facilitators and admins, on visible participants', async () => {
      const p = await makeParticipant(t, facilitator, { referredByPartnerId: trainer.user.partnerId });
      expect((await t.http().patch(`/api/participants/${p.id}`).set(trainer.auth).send({ postcode: '73000' })).status).toBe(403);
      expect((await t.http().patch(`/api/participants/${randomUUID()}`).set(admin.auth).send({ postcode: '73000' })).status).toBe(404);
    });
  });
});
