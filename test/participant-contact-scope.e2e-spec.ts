import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeBooking, nextWeekday, slot } from './factories/bookings.js';
import { makeMachine } from './factories/machines.js';
import { makeParticipant, type ParticipantBody } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * A minor's contact and guardian: the fablab's team and the trainers of the partner that referred
 * them see them; a trainer of another partner whose session the young person attends sees the
 * record (to run the session) without how to reach them or their family.
 */
describe('who sees how to reach a young person', () => {
  let t: TestApp;
  let facilitator: Session;
  let referring: Session & { user: { partnerId: string | null } };
  let hosting: Session & { user: { partnerId: string | null } };
  let minor: ParticipantBody;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    referring = await makeStaff(t, admin, 'trainer');
    hosting = await makeStaff(t, admin, 'trainer');
    minor = await makeParticipant(t, facilitator, {
      firstName: 'Zoé',
      lastName: 'Mineure',
      birthYear: new Date().getFullYear() - 13,
      referredByPartnerId: referring.user.partnerId,
      contact: { phone: '0600000001', email: 'zoe@example.org' },
      guardian: { name: 'Parent de Zoé', phone: '0600000002', email: 'parent@example.org' },
      consent: { dataProcessing: true, parentalConsent: true, imageRights: false },
    });
    const printer = await makeMachine(t, facilitator, { name: 'Imprimante', category: 'fdm_printer', requiresQualification: false });
    // The team books a session for the hosting partner's group, with this young person in it.
    await makeBooking(t, facilitator, { machineId: printer.id, ...slot(nextWeekday(t, 'wed'), '10:00', '11:00'), partnerId: hosting.user.partnerId, participantIds: [minor.id] });
  });
  afterAll(async () => {
    await t.close();
  });

  const detail = (s: Session) => t.http().get(`/api/participants/${minor.id}`).set(s.auth);
  const listed = async (s: Session) => {
    const res = await t.http().get('/api/participants?search=Mineure').set(s.auth);
    expect(res.status).toBe(200);
    return res.body.items.find((p: { id: string }) => p.id === minor.id);
  };

  it('shows them to the team and to the referring partner’s trainer', async () => {
    for (const session of [facilitator, referring]) {
      const res = await detail(session);
      expect(res.status).toBe(200);
      expect(res.body.contact).toEqual({ phone: '0600000001', email: 'zoe@example.org' });
      expect(res.body.guardian).toEqual({ name: 'Parent de Zoé', phone: '0600000002', email: 'parent@example.org' });
      expect((await listed(session)).guardian).toMatchObject({ name: 'Parent de Zoé' });
    }
  });

  it('hides them from another partner’s trainer whose session the young person attends', async () => {
    const res = await detail(hosting);
    expect(res.status).toBe(200);
    expect(res.body.firstName).toBe('Zoé');
    expect(res.body.contact).toBeNull();
    expect(res.body.guardian).toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/0600000001|0600000002|example\.org|Parent de Zoé/);
    const item = await listed(hosting);
    expect(item).toBeDefined();
    expect(JSON.stringify(item)).not.toMatch(/0600000001|0600000002|example\.org|Parent de Zoé/);
  });
});
