import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeMachine, makePlan } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { rows } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * A maintenance plan is carried out by one work order at a time: two taps on "Lancer cet
 * entretien", or ten people at once, open one; the others get 409 CONFLICT naming it. Once it is
 * done (or cancelled) the next one may be opened.
 */
describe('one work order per maintenance plan at a time', () => {
  let t: TestApp;
  let facilitator: Session;

  beforeAll(async () => {
    t = await createTestApp();
    facilitator = await makeStaff(t, await loginAdmin(t), 'facilitator');
  });
  afterAll(async () => {
    await t.close();
  });

  const open = (machineId: string, planId: string) =>
    t.http().post('/api/maintenance/work-orders').set(facilitator.auth).send({ machineId, planId, kind: 'preventive', title: 'Nettoyer la lentille' });

  it('opens one of ten concurrent requests; the others are 409 naming it', async () => {
    const laser = await makeMachine(t, facilitator, { name: 'Laser', category: 'laser_cutter' });
    const plan = await makePlan(t, facilitator, laser.id, { title: 'Nettoyer la lentille', checklist: ['Lentille'] });
    const answers = await Promise.all(Array.from({ length: 10 }, () => open(laser.id, plan.id)));
    const created = answers.filter((res) => res.status === 201);
    expect(created).toHaveLength(1);
    for (const res of answers.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'CONFLICT', details: { openWorkOrderId: created[0].body.id } });
    }
    expect(await rows(t, 'SELECT id FROM work_orders WHERE plan_id = $1', [plan.id])).toHaveLength(1);
  });

  it('opens the next one once the first is done or cancelled', async () => {
    const printer = await makeMachine(t, facilitator, { name: 'Imprimante', category: 'fdm_printer' });
    const plan = await makePlan(t, facilitator, printer.id, { title: 'Graisser les axes', checklist: ['Axes'] });
    const first = await open(printer.id, plan.id);
    expect(first.status).toBe(201);
    expect((await open(printer.id, plan.id)).status).toBe(409);
    const act = (id: string, action: string, body: object = {}) => t.http().post(`/api/maintenance/work-orders/${id}/${action}`).set(facilitator.auth).send(body);
    expect((await act(first.body.id, 'hold')).status).toBe(200);
    expect((await open(printer.id, plan.id)).status).toBe(409); // on hold is still under way
    expect((await act(first.body.id, 'cancel', { reason: 'Pièce manquante' })).status).toBe(200);
    const second = await open(printer.id, plan.id);
    expect(second.status).toBe(201);
    expect((await act(second.body.id, 'start')).status).toBe(200);
    expect((await act(second.body.id, 'complete', { usageHours: 1, checklist: [{ item: 'Axes', done: true }] })).status).toBe(200);
    expect((await open(printer.id, plan.id)).status).toBe(201);
  });
});
