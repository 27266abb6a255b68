import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freezeClock } from '../factories/bookings.js';
import { makeMachine, type MachineBody } from '../factories/machines.js';
import { makeParticipant, type ParticipantBody } from '../factories/participants.js';
import { makeStaff, STAFF_PASSWORD } from '../factories/users.js';
import { loginAdmin, type Session } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

/**
 * A partner with more young people than one page of the participants list (200): the trainer's
 * booking form offers every one of them, and books the last one by name. (It once read the first
 * 200 people the trainer could see, other partners' included, and refused the rest.)
 */
describe('trainer booking: a large organisation', () => {
  const NOW = '2027-01-04T09:00:00.000Z';
  let t: TestApp;
  let trainer: Session & { user: { id: string; partnerId: string | null } };
  let laser: MachineBody;
  let mine: ParticipantBody[];
  let web: WebClient;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    const admin = await loginAdmin(t);
    const facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    const other = await makeStaff(t, admin, 'trainer');
    laser = await makeMachine(t, facilitator, { name: 'Découpeuse laser', category: 'laser_cutter', requiresQualification: false });
    // Another partner's young people first by name: they fill no page of this trainer's list.
    for (let i = 0; i < 5; i++) {
      await makeParticipant(t, facilitator, { referredByPartnerId: other.user.partnerId, firstName: 'Ailleurs', lastName: `Aa${String(i).padStart(3, '0')}` });
    }
    mine = [];
    for (let i = 0; i < 205; i++) {
      mine.push(await makeParticipant(t, facilitator, { referredByPartnerId: trainer.user.partnerId, firstName: 'Jeune', lastName: `Zz${String(i).padStart(3, '0')}` }));
    }
    web = new WebClient(t);
    const username = (await t.http().get('/api/auth/me').set(trainer.auth)).body.username as string;
    await web.signIn(username, STAFF_PASSWORD);
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('offers all 205 young people of the organisation, and none of another', async () => {
    const res = await web.get(`/formateur/reserver?machine=${laser.id}&jour=2027-01-07&debut=15:00`);
    expect(res.status).toBe(200);
    const offered = [...res.text.matchAll(/name="participantIds" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(new Set(offered)).toEqual(new Set(mine.map((p) => p.id)));
    expect(res.text).not.toContain('Ailleurs');
  });

  it('books the last one by name', async () => {
    const last = mine[mine.length - 1];
    const res = await web.post('/formateur/reserver', {
      machineId: laser.id,
      semaine: '2027-01-04',
      jour: '2027-01-07',
      debut: '15:00',
      minutes: '60',
      kind: 'session',
      title: '',
      participantIds: [last.id],
      repetition: 'une',
      everyWeeks: '1',
      count: '',
      until: '',
    });
    expect(res.status).toBe(303);
    const booking = (await t.http().get(`/api/bookings/${res.headers.location.split('/')[2].split('?')[0]}`).set(trainer.auth)).body;
    expect(booking.participantIds).toEqual([last.id]);
  });
});
