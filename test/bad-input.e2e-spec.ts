import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeLearner, makeParticipant, participantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Every bad input gets a clear error in the one shape, and changes nothing (issue 11, "Low"). */
describe('bad input: a clear error, nothing changed', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
  });
  afterAll(async () => {
    await t.close();
  });

  const machineCount = async () => (await t.http().get('/api/machines?limit=1').set(facilitator.auth)).body.total as number;

  it('?offset=1e20 on a list is 400 naming offset, not a 500', async () => {
    for (const path of ['/api/machines', '/api/participants', '/api/bookings', '/api/users', '/api/me/notifications']) {
      const session = path === '/api/users' ? admin : facilitator;
      const res = await t.http().get(`${path}?offset=1e20`).set(session.auth);
      expect({ path, status: res.status, error: res.body.error, field: res.body.details?.[0]?.field }).toEqual({
        path,
        status: 400,
        error: 'VALIDATION_FAILED',
        field: 'offset',
      });
    }
  });

  it('every paginated list of the OpenAPI document refuses ?offset=1e20 and ?limit=1e20 (400 naming the field)', async () => {
    const learner = await makeLearner(t, facilitator);
    const doc = (await t.http().get('/api/docs-json')).body as { paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> };
    const lists = Object.entries(doc.paths)
      .filter(([, item]) => item.get?.parameters?.some((p) => p.in === 'query' && p.name === 'offset'))
      .map(([path]) => path.replace(/\{[^}]+\}/g, randomUUID()));
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const path of lists) {
      for (const field of ['offset', 'limit']) {
        let res = await t.http().get(`${path}?${field}=1e20`).set(admin.auth);
        for (const session of [facilitator, learner.session]) if (res.status === 403) res = await t.http().get(`${path}?${field}=1e20`).set(session.auth);
        expect({ path, field, status: res.status, named: res.body.details?.[0]?.field }).toEqual({ path, field, status: 400, named: field });
      }
    }
  });

  it('a file route refusing its query answers JSON in the error shape, not a body labelled CSV, SVG or XLSX', async () => {
    for (const path of ['/api/stats/participants.csv?year=-1', '/api/stats/target.svg?year=x', '/api/stats/report.xlsx?from=x']) {
      const res = await t.http().get(path).set(facilitator.auth);
      expect({ path, status: res.status, type: res.headers['content-type'], error: res.body?.error }).toEqual({
        path,
        status: 400,
        type: expect.stringMatching(/^application\/json/),
        error: 'VALIDATION_FAILED',
      });
    }
  });

  it('a NUL character in a body, a query or a nested field is 400 naming it; nothing is stored', async () => {
    const before = await machineCount();
    const body = await t.http().post('/api/machines').set(facilitator.auth).send({ code: 'NUL-1', name: 'Laser\u0000Trotec', category: 'laser_cutter' });
    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'name', message: expect.stringContaining('NUL') }] });
    const nested = await t
      .http()
      .post('/api/participants')
      .set(facilitator.auth)
      .send(participantBody({ contact: { email: 'a@b.fr', phone: '06\u000012' } }));
    expect(nested.body).toMatchObject({ statusCode: 400, details: [{ field: 'contact.phone' }] });
    const query = await t.http().get('/api/participants?search=a%00b').set(facilitator.auth);
    expect(query.body).toMatchObject({ statusCode: 400, details: [{ field: 'search' }] });
    expect(await machineCount()).toBe(before);
  });

  it('JSON nested 3,000 levels deep is 400, not a 500', async () => {
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    const res = await t.http().post('/api/machines').set(facilitator.auth).set('content-type', 'application/json').send(deep);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('VALIDATION_FAILED');
  });

  it('malformed JSON (400) and a too large body (413) carry the request id, in the body and the x-request-id header', async () => {
    const malformed = await t.http().post('/api/machines').set(facilitator.auth).set('content-type', 'application/json').send('{"code": ');
    expect(malformed.status).toBe(400);
    const huge = await t
      .http()
      .post('/api/machines')
      .set(facilitator.auth)
      .send({ code: 'BIG', name: 'x'.repeat(2_000_000), category: 'other' });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe('PAYLOAD_TOO_LARGE');
    for (const res of [malformed, huge]) {
      expect(res.headers['x-request-id']).toEqual(expect.stringMatching(/^[A-Za-z0-9._-]{8,}$/));
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('an enrolment dated before the person was born is 400 naming enrolledAt; nothing is enrolled', async () => {
    const p = await makeParticipant(t, facilitator, { birthYear: 2005 });
    const res = await t.http().post(`/api/participants/${p.id}/enrollments`).set(facilitator.auth).send({ pathCode: 'FABRIQUER', enrolledAt: '1899-06-01T09:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'enrolledAt' })]);
    const detail = await t.http().get(`/api/participants/${p.id}`).set(facilitator.auth);
    expect(detail.body.enrollments).toEqual([]);
  });

  it('names with no letter are 400, not two different people colliding as PARTICIPANT_EXISTS', async () => {
    for (const [firstName, lastName] of [['!!!', 'Martin'], ['Léa', '---'], ['  ', 'Durand']]) {
      const res = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ firstName, lastName, birthYear: 2001 }));
      expect({ firstName, lastName, status: res.status, error: res.body.error }).toEqual({ firstName, lastName, status: 400, error: 'VALIDATION_FAILED' });
    }
    const fine = await t.http().post('/api/participants').set(facilitator.auth).send(participantBody({ firstName: 'Ōsaka-Ünal', lastName: "N'Diaye" }));
    expect(fine.status).toBe(201);
  });
});
