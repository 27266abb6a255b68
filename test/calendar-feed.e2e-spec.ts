import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeLearner, makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { icsInstant, parseIcs } from './helpers/ical.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('calendar feeds', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session & { user: { id: string; partnerId: string | null } };
  let colleague: Session;
  let learner: { participant: ParticipantBody; session: Session };
  let day: DateTime;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    colleague = await makeStaff(t, admin, 'trainer', { partnerId: trainer.user.partnerId });
    learner = await makeLearner(t, facilitator);
    day = nextWeekday(t, 'fri');
  });
  afterAll(async () => {
    await t.close();
  });

  const issue = async (session: Session) => {
    const res = await t.http().post('/api/me/calendar-token').set(session.auth).send();
    expect(res.status).toBe(201);
    return res.body as { token: string; url: string };
  };
  const feed = (token: string) => t.http().get(`/api/calendar/${token}.ics`);

  it('issues a token shown once and stored as its hash only', async () => {
    const { token, url } = await issue(trainer);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toMatch(new RegExp(`^http://[^/]+/api/calendar/${token}\\.ics$`));
    const stored = await rows<{ token_hash: string }>(t, 'SELECT token_hash FROM calendar_tokens WHERE user_id = $1', [trainer.user.id]);
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    expect((await t.http().post('/api/me/calendar-token').send()).status).toBe(401);
  });

  it('lists the bookings a staff member made, with machine, kind, times; cancelled ones as CANCELLED', async () => {
    const laser = await makeMachine(t, facilitator, { name: 'Découpeuse laser', category: 'laser_cutter', location: 'Atelier bois', requiresQualification: false });
    const kept = await makeBooking(t, trainer, { machineId: laser.id, ...slot(day, '10:00', '11:30'), title: 'Groupe du vendredi' });
    const dropped = await makeBooking(t, trainer, { machineId: laser.id, kind: 'training', ...slot(day, '14:00', '15:00') });
    await t.http().post(`/api/bookings/${dropped.id}/cancel`).set(trainer.auth).send({ reason: 'Formateur malade' });
    const notMine = await makeBooking(t, colleague, { machineId: laser.id, ...slot(day, '16:00', '17:00') });

    const { token } = await issue(trainer);
    const res = await feed(token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const { calendar, events } = parseIcs(res.text);
    expect(calendar).toMatchObject({ VERSION: '2.0', NAME: 'Fablab — mes réservations' });
    const byUid = new Map(events.map((e) => [e.UID, e]));
    expect(byUid.has(`${notMine.id}@dynamo-fablab`)).toBe(false);
    expect(byUid.get(`${kept.id}@dynamo-fablab`)).toMatchObject({
      SUMMARY: 'Découpeuse laser — Séance',
      LOCATION: 'Atelier bois',
      STATUS: 'CONFIRMED',
      DESCRIPTION: 'Groupe du vendredi',
    });
    const keptEvent = byUid.get(`${kept.id}@dynamo-fablab`)!;
    expect([icsInstant(keptEvent.DTSTART), icsInstant(keptEvent.DTEND)]).toEqual([kept.startsAt, kept.endsAt]);
    const droppedEvent = byUid.get(`${dropped.id}@dynamo-fablab`)!;
    expect(droppedEvent).toMatchObject({ SUMMARY: 'Découpeuse laser — Formation', STATUS: 'CANCELLED', DESCRIPTION: 'Réservation annulée.' });
    expect(res.text).not.toContain('Formateur malade'); // cancel reasons may name people: not in the feed
  });

  it('counts each change in SEQUENCE, even several within one second', async () => {
    const printer = await makeMachine(t, facilitator, { name: 'Imprimante 3D', category: 'fdm_printer', requiresQualification: false });
    const moved = await makeBooking(t, trainer, { machineId: printer.id, ...slot(day, '09:00', '09:30') });
    const cancelled = await makeBooking(t, trainer, { machineId: printer.id, ...slot(day, '10:30', '11:00') });
    const untouched = await makeBooking(t, trainer, { machineId: printer.id, ...slot(day, '11:00', '11:30') });
    for (const [from, to] of [['09:15', '09:45'], ['09:30', '10:00']] as const) {
      const res = await t.http().patch(`/api/bookings/${moved.id}`).set(trainer.auth).send(slot(day, from, to));
      expect(res.status).toBe(200);
    }
    expect((await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set(trainer.auth).send({ reason: 'Annulé' })).status).toBe(200);

    const { token } = await issue(trainer);
    const { events } = parseIcs((await feed(token)).text);
    const sequenceOf = (id: string) => events.find((e) => e.UID === `${id}@dynamo-fablab`)?.SEQUENCE ?? '0';
    expect([sequenceOf(untouched.id), sequenceOf(moved.id), sequenceOf(cancelled.id)]).toEqual(['0', '2', '1']);
  });

  it('gives a learner their own and attended bookings, without anyone else’s name', async () => {
    const printer = await makeMachine(t, facilitator, { name: 'Imprimante Prusa', requiresQualification: false });
    const friend = await makeParticipant(t, facilitator, { firstName: 'Yasmine', lastName: 'Benali' });
    const own = await makeBooking(t, learner.session, { machineId: printer.id, kind: 'open_lab', ...slot(day, '09:00', '10:00') });
    const group = await makeBooking(t, facilitator, {
      machineId: printer.id,
      ...slot(day, '10:00', '12:00'),
      participantIds: [learner.participant.id, friend.id],
    });
    const foreign = await makeBooking(t, facilitator, { machineId: printer.id, ...slot(day, '14:00', '15:00'), participantIds: [friend.id] });

    const { token } = await issue(learner.session);
    const res = await feed(token);
    const { events } = parseIcs(res.text);
    expect(events.map((e) => e.UID).sort()).toEqual([`${own.id}@dynamo-fablab`, `${group.id}@dynamo-fablab`].sort());
    expect(events.find((e) => e.UID.startsWith(own.id))?.SUMMARY).toBe('Imprimante Prusa — Open lab');
    expect(res.text).not.toContain('Yasmine');
    expect(res.text).not.toContain('Benali');
    expect(res.text).not.toContain(friend.id);
    expect(res.text).not.toContain('ATTENDEE');
    expect(res.text).not.toContain(foreign.id);
  });

  it('shows an affected booking with a warning', async () => {
    const machine = await makeMachine(t, facilitator, { name: 'Brodeuse', requiresQualification: false });
    const booking = await makeBooking(t, trainer, { machineId: machine.id, ...slot(day, '09:00', '09:30') });
    await t.http().post(`/api/machines/${machine.id}/incidents`).set(trainer.auth).send({ severity: 'blocking', description: 'Aiguille cassée' });
    const { token } = await issue(trainer);
    const event = parseIcs((await feed(token)).text).events.find((e) => e.UID.startsWith(booking.id));
    expect(event?.DESCRIPTION).toBe('Attention : un incident bloquant touche cette réservation.');
  });

  it('revokes: a new token kills the previous one; DELETE kills it; unknown tokens are 404', async () => {
    const first = await issue(colleague);
    expect((await feed(first.token)).status).toBe(200);
    const second = await issue(colleague);
    expect(second.token).not.toBe(first.token);
    const revoked = await feed(first.token);
    expect(revoked.status).toBe(404);
    expect(revoked.body.error).toBe('NOT_FOUND');
    expect((await feed(second.token)).status).toBe(200);

    expect((await t.http().delete('/api/me/calendar-token').set(colleague.auth)).status).toBe(204);
    expect((await feed(second.token)).status).toBe(404);
    expect((await feed('not-a-token')).status).toBe(404);
    expect((await t.http().get(`/api/calendar/${second.token}`)).status).toBe(404);
    expect((await t.http().delete('/api/me/calendar-token')).status).toBe(401);
  });

  it('closes the feed of a deactivated account', async () => {
    const leaving = await makeStaff(t, admin, 'trainer');
    const { token } = await issue(leaving);
    expect((await feed(token)).status).toBe(200);
    await t.http().delete(`/api/users/${leaving.user.id}`).set(admin.auth);
    expect((await feed(token)).status).toBe(404);
  });
});
