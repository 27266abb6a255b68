import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MachineDisruption } from '../src/common/events/domain-event-map.js';
import { Machine } from '../src/machines/machine.entity.js';
import { Incident } from '../src/maintenance/incident.entity.js';
import { WorkOrdersService } from '../src/maintenance/work-orders.service.js';
import { makeLearner, makeMachine, makePlan, makeWorkOrder } from './factories/machines.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { DomainEventProbe, DomainEventProbeModule } from './helpers/domain-event-probe.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const DAY = 86_400_000;

describe('maintenance', () => {
  let t: TestApp;
  let admin: Session;
  let facilitator: Session;
  let trainer: Session;
  let learner: Session;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [DomainEventProbeModule] });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
    learner = await makeLearner(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const machine = (id: string) => t.http().get(`/api/machines/${id}`).set(admin.auth);
  const due = (machineId: string, at?: Date) =>
    t
      .http()
      .get(`/api/maintenance/due?machineId=${machineId}${at ? `&at=${encodeURIComponent(at.toISOString())}` : ''}`)
      .set(facilitator.auth);
  const setMeter = (machineId: string, usageHours: number) =>
    t.http().post(`/api/machines/${machineId}/usage`).set(facilitator.auth).send({ usageHours });
  const act = (id: string, action: string, body: object = {}, session = facilitator) =>
    t.http().post(`/api/maintenance/work-orders/${id}/${action}`).set(session.auth).send(body);

  /** Records every disruption with whether it was emitted inside a transaction, until unregistered. */
  function listen() {
    const events: { event: MachineDisruption; inTransaction: boolean; machineStatusSeen?: string }[] = [];
    const unregister = t.app.get(DomainEventProbe).listen(async ({ name, payload, manager, inTransaction }) => {
      if (name !== 'machine.disrupted') return;
      const event = payload;
      const seen = await manager.getRepository(Machine).findOneBy({ id: event.machineId });
      events.push({ event, inTransaction, machineStatusSeen: seen?.status });
    });
    return { events, unregister };
  }

  describe('maintenance plans', () => {
    it('creates a plan counting from now and the current meter, and lists it with where it stands', async () => {
      const m = await makeMachine(t, facilitator);
      await setMeter(m.id, 42);
      const res = await t
        .http()
        .post(`/api/machines/${m.id}/maintenance-plans`)
        .set(facilitator.auth)
        .send({ title: 'Graissage des axes', everyDays: 30, everyUsageHours: 50, checklist: ['Nettoyer', 'Graisser'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        machineId: m.id,
        title: 'Graissage des axes',
        everyDays: 30,
        everyUsageHours: 50,
        checklist: ['Nettoyer', 'Graisser'],
        lastCompletedUsageHours: 42,
        lastWorkOrderId: null,
        due: { status: 'ok', reason: '0 days of 30; 0.0 h used of 50 h', usageHoursLeft: 50 },
      });
      expect(Math.abs(Date.parse(res.body.lastCompletedAt) - Date.now())).toBeLessThan(60_000);
      expect(Date.parse(res.body.due.dueAt) - Date.parse(res.body.lastCompletedAt)).toBe(30 * DAY);

      const list = await t.http().get(`/api/machines/${m.id}/maintenance-plans`).set(admin.auth);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id: res.body.id }] });
    });

    it('accepts a plan on usage hours only', async () => {
      const m = await makeMachine(t, facilitator);
      const plan = await makePlan(t, admin, m.id, { everyDays: undefined, everyUsageHours: 100 });
      expect(plan).toMatchObject({ everyDays: null, everyUsageHours: 100 });
    });

    it('refuses a plan without a trigger or with bad values (400), and creates nothing', async () => {
      const m = await makeMachine(t, facilitator);
      const cases: [object, string][] = [
        [{ title: 'Rien' }, 'everyDays'],
        [{ title: 'Zéro', everyDays: 0 }, 'everyDays'],
        [{ title: 'Demi-jour', everyDays: 1.5 }, 'everyDays'],
        [{ title: 'Négatif', everyUsageHours: -5 }, 'everyUsageHours'],
        [{ everyDays: 7 }, 'title'],
        [{ title: 'Liste', everyDays: 7, checklist: 'nettoyer' }, 'checklist'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().post(`/api/machines/${m.id}/maintenance-plans`).set(facilitator.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await t.http().get(`/api/machines/${m.id}/maintenance-plans`).set(facilitator.auth)).body.total).toBe(0);
    });

    it('is for facilitators and admins: learners and trainers 403, anonymous 401, malformed or unknown machines 404', async () => {
      const m = await makeMachine(t, facilitator);
      const body = { title: 'x', everyDays: 7 };
      expect((await t.http().post(`/api/machines/${m.id}/maintenance-plans`).set(learner.auth).send(body)).status).toBe(403);
      expect((await t.http().post(`/api/machines/${m.id}/maintenance-plans`).set(trainer.auth).send(body)).status).toBe(403);
      expect((await t.http().get(`/api/machines/${m.id}/maintenance-plans`).set(trainer.auth)).status).toBe(403);
      expect((await t.http().post(`/api/machines/${m.id}/maintenance-plans`).send(body)).status).toBe(401);
      expect((await t.http().post('/api/machines/abc/maintenance-plans').set(facilitator.auth).send(body)).status).toBe(404);
      expect((await t.http().post(`/api/machines/${UNKNOWN_ID}/maintenance-plans`).set(facilitator.auth).send(body)).status).toBe(404);
      expect((await t.http().get(`/api/machines/${UNKNOWN_ID}/maintenance-plans`).set(facilitator.auth)).status).toBe(404);
    });

    it('summarises the most urgent plan in the machine representation', async () => {
      const m = await makeMachine(t, facilitator);
      expect((await machine(m.id)).body.nextMaintenance).toBeNull();
      await makePlan(t, facilitator, m.id, { title: 'Mensuel', everyDays: 30 });
      const hourly = await makePlan(t, facilitator, m.id, { title: 'Toutes les 10 h', everyDays: undefined, everyUsageHours: 10 });
      await setMeter(m.id, 9.5);
      const res = await machine(m.id);
      expect(res.body.nextMaintenance).toEqual({
        planId: hourly.id,
        title: 'Toutes les 10 h',
        status: 'due_soon',
        dueAt: null,
        usageHoursLeft: 0.5,
        reason: '9.5 h used of 10 h',
      });
      const listed = await t.http().get('/api/machines?limit=200').set(learner.auth);
      expect(listed.body.items.find((x: { id: string }) => x.id === m.id).nextMaintenance.planId).toBe(hourly.id);
    });
  });

  describe('GET /maintenance/due', () => {
    it('applies the calendar trigger at its boundaries (every 30 days: due soon from day 23)', async () => {
      const m = await makeMachine(t, facilitator);
      const plan = await makePlan(t, facilitator, m.id, { title: 'Mensuel', everyDays: 30 });
      const last = Date.parse(plan.lastCompletedAt);
      const cases: [number, string | null, string | null][] = [
        [23 * DAY - 1000, null, null], // one second before the due-soon window
        [23 * DAY, 'due_soon', '23 days of 30'], // exactly 7 days ahead
        [30 * DAY - 1000, 'due_soon', '29 days of 30'], // just under
        [30 * DAY, 'due', '30 days of 30'], // exactly at
        [31 * DAY, 'due', '31 days of 30'], // over
      ];
      for (const [offset, status, reason] of cases) {
        const res = await due(m.id, new Date(last + offset));
        expect(res.status).toBe(200);
        if (!status) {
          expect(res.body).toMatchObject({ total: 0, items: [] });
          continue;
        }
        expect(res.body.total).toBe(1);
        expect(res.body.items[0]).toMatchObject({
          planId: plan.id,
          planTitle: 'Mensuel',
          machine: { id: m.id, code: m.code },
          status,
          reason,
          reasons: [reason],
          dueAt: new Date(last + 30 * DAY).toISOString(),
          everyDays: 30,
          openWorkOrderId: null,
        });
      }
      // Not due now.
      expect((await due(m.id)).body.total).toBe(0);
    });

    it('applies the usage trigger at its boundaries (every 10 h: due soon from 9 h)', async () => {
      const m = await makeMachine(t, facilitator);
      const plan = await makePlan(t, facilitator, m.id, { title: 'Buse', everyDays: undefined, everyUsageHours: 10 });
      const cases: [number, string | null, string | null][] = [
        [8.99, null, null], // just before the last 10%
        [9, 'due_soon', '9.0 h used of 10 h'], // exactly 10% left
        [9.99, 'due_soon', '9.9 h used of 10 h'], // just under
        [10, 'due', '10.0 h used of 10 h'], // exactly at
        [12, 'due', '12.0 h used of 10 h'], // over
      ];
      for (const [meter, status, reason] of cases) {
        expect((await setMeter(m.id, meter)).status).toBe(200);
        const res = await due(m.id);
        if (!status) {
          expect(res.body.total).toBe(0);
          continue;
        }
        expect(res.body.items).toEqual([
          expect.objectContaining({ planId: plan.id, status, reason, dueAt: null, everyUsageHours: 10, usageHoursSinceCompletion: meter }),
        ]);
      }
    });

    it('lists the most urgent first, for staff only; a bad `at` is 400', async () => {
      const m = await makeMachine(t, facilitator);
      const soon = await makePlan(t, facilitator, m.id, { title: 'Bientôt', everyDays: 10 });
      const late = await makePlan(t, facilitator, m.id, { title: 'En retard', everyDays: 5 });
      const at = new Date(Date.parse(late.lastCompletedAt) + 6 * DAY);
      const res = await t
        .http()
        .get(`/api/maintenance/due?machineId=${m.id}&at=${encodeURIComponent(at.toISOString())}`)
        .set(trainer.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { planId: string; status: string }) => [i.planId, i.status])).toEqual([
        [late.id, 'due'],
        [soon.id, 'due_soon'],
      ]);
      const bad = await t.http().get('/api/maintenance/due?at=next-week').set(facilitator.auth);
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('at');
      expect((await t.http().get('/api/maintenance/due?machineId=nope').set(facilitator.auth)).status).toBe(400);
      expect((await t.http().get('/api/maintenance/due').set(learner.auth)).status).toBe(403);
      expect((await t.http().get('/api/maintenance/due')).status).toBe(401);
    });

    it('leaves out retired machines', async () => {
      const m = await makeMachine(t, facilitator);
      const plan = await makePlan(t, facilitator, m.id, { everyDays: 1 });
      const at = new Date(Date.parse(plan.lastCompletedAt) + 2 * DAY);
      expect((await due(m.id, at)).body.total).toBe(1);
      await t.http().post(`/api/machines/${m.id}/status`).set(facilitator.auth).send({ status: 'retired', reason: 'Réformée' });
      expect((await due(m.id, at)).body.total).toBe(0);
    });
  });

  describe('preventive work orders', () => {
    it('completing one records notes, checklist and meter, and resets its plan', async () => {
      const m = await makeMachine(t, facilitator);
      const plan = await makePlan(t, facilitator, m.id, {
        title: 'Entretien buse',
        everyDays: undefined,
        everyUsageHours: 10,
        checklist: ['Nettoyer la buse', 'Vérifier le plateau'],
      });
      await setMeter(m.id, 11);
      expect((await due(m.id)).body.items[0]).toMatchObject({ status: 'due', openWorkOrderId: null });

      const order = await makeWorkOrder(t, facilitator, m.id, { kind: 'preventive', planId: plan.id, title: 'Entretien buse' });
      expect(order).toMatchObject({
        status: 'open',
        kind: 'preventive',
        checklist: [
          { item: 'Nettoyer la buse', done: false },
          { item: 'Vérifier le plateau', done: false },
        ],
      });
      expect((await due(m.id)).body.items[0].openWorkOrderId).toBe(order.id);

      expect((await act(order.id, 'start')).body.status).toBe('in_progress');
      const done = await act(order.id, 'complete', {
        notes: 'Buse remplacée',
        checklist: [
          { item: 'Nettoyer la buse', done: true },
          { item: 'Vérifier le plateau', done: false },
        ],
        usageHours: 12.5,
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'done',
        notes: 'Buse remplacée',
        checklist: [
          { item: 'Nettoyer la buse', done: true },
          { item: 'Vérifier le plateau', done: false },
        ],
        usageHoursAtCompletion: 12.5,
        completedBy: facilitator.userId,
        events: [
          expect.objectContaining({ fromStatus: null, toStatus: 'open', actorId: facilitator.userId }),
          expect.objectContaining({ fromStatus: 'open', toStatus: 'in_progress' }),
          expect.objectContaining({ fromStatus: 'in_progress', toStatus: 'done', actorId: facilitator.userId }),
        ],
      });

      const plans = await t.http().get(`/api/machines/${m.id}/maintenance-plans`).set(facilitator.auth);
      expect(plans.body.items[0]).toMatchObject({
        lastCompletedAt: done.body.completedAt,
        lastCompletedUsageHours: 12.5,
        lastWorkOrderId: order.id,
        due: { status: 'ok', usageHoursLeft: 10 },
      });
      expect((await due(m.id)).body.total).toBe(0);

      const readings = await t.http().get(`/api/machines/${m.id}/usage`).set(facilitator.auth);
      expect(readings.body.items[0]).toMatchObject({ value: 12.5, delta: 1.5, source: 'work_order', sourceId: order.id });
    });

    it('a meter reading lower than the meter refuses the whole completion (409)', async () => {
      const m = await makeMachine(t, facilitator);
      const plan = await makePlan(t, facilitator, m.id, { everyUsageHours: 10 });
      await setMeter(m.id, 20);
      const order = await makeWorkOrder(t, facilitator, m.id, { kind: 'preventive', planId: plan.id });
      const res = await act(order.id, 'complete', { usageHours: 19, notes: 'x' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('METER_DECREASE');
      const after = await t.http().get(`/api/maintenance/work-orders/${order.id}`).set(facilitator.auth);
      expect(after.body).toMatchObject({ status: 'open', notes: null, completedAt: null });
      const plans = await t.http().get(`/api/machines/${m.id}/maintenance-plans`).set(facilitator.auth);
      expect(plans.body.items[0].lastWorkOrderId).toBeNull();
    });
  });

  describe('work orders', () => {
    it('refuses trainers a work order (a window would block the machine for everyone): 403, nothing created, bookings unaffected', async () => {
      const m = await makeMachine(t, facilitator);
      const res = await t
        .http()
        .post('/api/maintenance/work-orders')
        .set(trainer.auth)
        .send({ machineId: m.id, kind: 'inspection', title: 'Blocage', windowStart: '2030-01-02T09:00:00Z', windowEnd: '2030-06-02T09:00:00Z' });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
      expect((await t.http().get(`/api/maintenance/work-orders?machineId=${m.id}`).set(facilitator.auth)).body.total).toBe(0);
      // What trainers do instead: report an incident.
      expect((await t.http().post(`/api/machines/${m.id}/incidents`).set(trainer.auth).send({ severity: 'minor', description: 'Plateau voilé' })).status).toBe(201);
    });

    it('creates (facilitators), lists and shows orders for staff, trainers included', async () => {
      const m = await makeMachine(t, facilitator);
      const res = await t
        .http()
        .post('/api/maintenance/work-orders')
        .set(facilitator.auth)
        .send({ machineId: m.id, kind: 'inspection', title: 'Contrôle sécurité', dueAt: '2030-01-15T10:00' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        machineId: m.id,
        kind: 'inspection',
        status: 'open',
        title: 'Contrôle sécurité',
        dueAt: '2030-01-15T09:00:00.000Z', // local time in Europe/Paris
        windowStart: null,
        windowEnd: null,
        createdBy: facilitator.userId,
      });
      const list = await t.http().get(`/api/maintenance/work-orders?machineId=${m.id}&status=open`).set(trainer.auth);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id: res.body.id }] });
      expect((await t.http().get(`/api/maintenance/work-orders?machineId=${m.id}&status=done`).set(trainer.auth)).body.total).toBe(0);
      const one = await t.http().get(`/api/maintenance/work-orders/${res.body.id}`).set(trainer.auth);
      expect(one.status).toBe(200);
      expect(one.body.events).toHaveLength(1);
    });

    it('refuses bad input (400) and creates nothing', async () => {
      const m = await makeMachine(t, facilitator);
      const other = await makeMachine(t, facilitator);
      const plan = await makePlan(t, facilitator, other.id);
      const cases: [object, string][] = [
        [{ machineId: m.id, kind: 'repair', title: 'x' }, 'kind'],
        [{ machineId: m.id, kind: 'inspection' }, 'title'],
        [{ machineId: UNKNOWN_ID, kind: 'inspection', title: 'x' }, 'machineId'],
        [{ machineId: 'abc', kind: 'inspection', title: 'x' }, 'machineId'],
        [{ machineId: m.id, kind: 'inspection', title: 'x', windowStart: '2030-01-02T10:00:00Z', windowEnd: '2030-01-02T09:00:00Z' }, 'windowEnd'],
        [{ machineId: m.id, kind: 'inspection', title: 'x', windowStart: '2030-01-02T10:00:00Z', windowEnd: '2030-01-02T10:00:00Z' }, 'windowEnd'],
        [{ machineId: m.id, kind: 'inspection', title: 'x', windowStart: '2030-01-02T10:00:00Z' }, 'windowEnd'],
        [{ machineId: m.id, kind: 'inspection', title: 'x', windowEnd: 'tomorrow' }, 'windowEnd'],
        [{ machineId: m.id, kind: 'corrective', title: 'x', planId: plan.id }, 'planId'],
        [{ machineId: m.id, kind: 'preventive', title: 'x', planId: plan.id }, 'planId'],
        [{ machineId: m.id, kind: 'preventive', title: 'x', planId: UNKNOWN_ID }, 'planId'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().post('/api/maintenance/work-orders').set(facilitator.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await t.http().get(`/api/maintenance/work-orders?machineId=${m.id}`).set(facilitator.auth)).body.total).toBe(0);
      expect((await t.http().get('/api/maintenance/work-orders?status=finished').set(facilitator.auth)).status).toBe(400);
    });

    it('refuses learners (403), anonymous callers (401), malformed and unknown ids (404)', async () => {
      const m = await makeMachine(t, facilitator);
      const body = { machineId: m.id, kind: 'inspection', title: 'x' };
      expect((await t.http().post('/api/maintenance/work-orders').set(learner.auth).send(body)).status).toBe(403);
      expect((await t.http().get('/api/maintenance/work-orders').set(learner.auth)).status).toBe(403);
      expect((await t.http().post('/api/maintenance/work-orders').send(body)).status).toBe(401);
      expect((await t.http().get('/api/maintenance/work-orders/123').set(facilitator.auth)).status).toBe(404);
      expect((await t.http().get(`/api/maintenance/work-orders/${UNKNOWN_ID}`).set(facilitator.auth)).status).toBe(404);
      expect((await act('123', 'start')).status).toBe(404);
      expect((await act(UNKNOWN_ID, 'complete')).status).toBe(404);
    });

    it('moves through the transition table; illegal moves are 422 INVALID_TRANSITION', async () => {
      const m = await makeMachine(t, facilitator);
      const order = await makeWorkOrder(t, facilitator, m.id);
      expect((await act(order.id, 'hold', { reason: 'Pièce commandée' })).body.status).toBe('on_hold'); // open → on_hold
      const illegal = await act(order.id, 'complete');
      expect(illegal.status).toBe(422); // on_hold ↛ done
      expect(illegal.body).toMatchObject({
        error: 'INVALID_TRANSITION',
        details: { status: 'on_hold', action: 'complete', allowedFrom: ['open', 'in_progress'] },
      });
      expect((await act(order.id, 'hold')).status).toBe(422); // on_hold ↛ on_hold
      const started = await act(order.id, 'start'); // on_hold → in_progress
      expect(started.body).toMatchObject({ status: 'in_progress', startedAt: expect.any(String) });
      expect((await act(order.id, 'start')).status).toBe(422); // in_progress ↛ in_progress
      expect((await act(order.id, 'hold')).body.status).toBe('on_hold'); // in_progress → on_hold
      expect((await act(order.id, 'start')).body.status).toBe('in_progress');
      const done = await act(order.id, 'complete', { notes: 'RAS' }); // in_progress → done
      expect(done.body).toMatchObject({ status: 'done', notes: 'RAS' });
      expect(done.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
        'open',
        'on_hold',
        'in_progress',
        'on_hold',
        'in_progress',
        'done',
      ]);
      expect(done.body.events[1].note).toBe('Pièce commandée');
      for (const action of ['start', 'hold', 'complete', 'cancel']) {
        expect((await act(order.id, action)).status).toBe(422); // done is final
      }

      const quick = await makeWorkOrder(t, facilitator, m.id);
      expect((await act(quick.id, 'complete', { notes: 'Buse débouchée' })).body.status).toBe('done'); // open → done

      const dropped = await makeWorkOrder(t, facilitator, m.id);
      expect((await act(dropped.id, 'start')).body.status).toBe('in_progress');
      const cancelled = await act(dropped.id, 'cancel', { reason: 'Doublon' }); // in_progress → cancelled
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
      for (const action of ['start', 'hold', 'complete', 'cancel']) {
        expect((await act(dropped.id, action)).status).toBe(422); // cancelled is final
      }
    });

    it('transitions are for facilitators and admins; bad completion bodies are 400', async () => {
      const m = await makeMachine(t, facilitator);
      const order = await makeWorkOrder(t, facilitator, m.id);
      expect((await act(order.id, 'start', {}, trainer)).status).toBe(403);
      expect((await act(order.id, 'cancel', {}, learner)).status).toBe(403);
      expect((await t.http().post(`/api/maintenance/work-orders/${order.id}/start`)).status).toBe(401);
      for (const body of [{ checklist: [{ item: 'x' }] }, { usageHours: -2 }, { checklist: 'ok' }, { colour: 'red' }]) {
        const res = await act(order.id, 'complete', body, admin);
        expect(res.status).toBe(400);
      }
      expect((await act(order.id, 'start', {}, admin)).body.status).toBe('in_progress');
    });

    it('a maintenance window is announced as machine.disrupted on create and on move, inside the transaction', async () => {
      const m = await makeMachine(t, facilitator);
      const { events, unregister } = listen();
      try {
        const order = await makeWorkOrder(t, facilitator, m.id, {
          kind: 'preventive',
          windowStart: '2030-03-05T09:00:00Z',
          windowEnd: '2030-03-05T12:00:00Z',
        });
        expect(events).toEqual([
          {
            event: {
              machineId: m.id,
              from: new Date('2030-03-05T09:00:00Z'),
              to: new Date('2030-03-05T12:00:00Z'),
              cause: 'maintenance_window',
              causeId: order.id,
            },
            inTransaction: true,
            machineStatusSeen: 'available',
          },
        ]);

        const moved = await t
          .http()
          .patch(`/api/maintenance/work-orders/${order.id}`)
          .set(facilitator.auth)
          .send({ windowStart: '2030-03-06T09:00:00Z', windowEnd: '2030-03-06T13:00:00Z', title: 'Vidange' });
        expect(moved.status).toBe(200);
        expect(moved.body).toMatchObject({ title: 'Vidange', windowStart: '2030-03-06T09:00:00.000Z', windowEnd: '2030-03-06T13:00:00.000Z' });
        expect(events).toHaveLength(2);
        expect(events[1].event).toMatchObject({ from: new Date('2030-03-06T09:00:00Z'), to: new Date('2030-03-06T13:00:00Z'), causeId: order.id });

        // Same window again, or a title change: nothing new to announce.
        await t.http().patch(`/api/maintenance/work-orders/${order.id}`).set(facilitator.auth).send({ title: 'Vidange complète' });
        expect(events).toHaveLength(2);

        // Bookings read the unfinished windows.
        const windows = t.app.get(WorkOrdersService);
        expect(await windows.activeWindows(m.id, new Date('2030-03-06T12:00:00Z'), new Date('2030-03-06T14:00:00Z'))).toEqual([
          { workOrderId: order.id, start: new Date('2030-03-06T09:00:00Z'), end: new Date('2030-03-06T13:00:00Z') },
        ]);
        expect(await windows.activeWindows(m.id, new Date('2030-03-06T13:00:00Z'), new Date('2030-03-06T14:00:00Z'))).toEqual([]);

        const inverted = await t
          .http()
          .patch(`/api/maintenance/work-orders/${order.id}`)
          .set(facilitator.auth)
          .send({ windowEnd: '2030-03-06T08:00:00Z' });
        expect(inverted.status).toBe(400);
        expect(inverted.body.details[0].field).toBe('windowEnd');
        expect((await t.http().patch(`/api/maintenance/work-orders/${order.id}`).set(facilitator.auth).send({ title: null })).status).toBe(400);
        expect((await t.http().patch(`/api/maintenance/work-orders/${order.id}`).set(trainer.auth).send({ title: 'x' })).status).toBe(403);

        // A cancelled order's window no longer blocks, and the order can no longer be edited.
        await act(order.id, 'cancel');
        expect(await windows.activeWindows(m.id, new Date('2030-03-06T00:00:00Z'), new Date('2030-03-07T00:00:00Z'))).toEqual([]);
        const edit = await t.http().patch(`/api/maintenance/work-orders/${order.id}`).set(facilitator.auth).send({ title: 'x' });
        expect(edit.status).toBe(422);
        expect(edit.body.error).toBe('INVALID_TRANSITION');
        expect(events).toHaveLength(2);
      } finally {
        unregister();
      }
    });
  });

  describe('incidents', () => {
    it('incident → out of order → corrective work orders → available again', async () => {
      const m = await makeMachine(t, facilitator, { category: 'laser_cutter' });
      const { events, unregister } = listen();
      let first: { body: { id: string; workOrderId: string } };
      try {
        const res = await t
          .http()
          .post(`/api/machines/${m.id}/incidents`)
          .set(learner.auth)
          .send({ severity: 'blocking', description: 'Le laser ne coupe plus' });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          machineId: m.id,
          severity: 'blocking',
          description: 'Le laser ne coupe plus',
          reportedBy: learner.userId,
          workOrderId: expect.any(String),
          machineStatus: 'out_of_order',
        });
        first = res;
        expect(events).toEqual([
          {
            event: { machineId: m.id, from: new Date(res.body.reportedAt), to: null, cause: 'incident', causeId: res.body.id },
            inTransaction: true,
            machineStatusSeen: 'out_of_order',
          },
        ]);
      } finally {
        unregister();
      }

      expect((await machine(m.id)).body.status).toBe('out_of_order');
      const history = await t.http().get(`/api/machines/${m.id}/status-history`).set(facilitator.auth);
      expect(history.body.items[0]).toMatchObject({
        fromStatus: 'available',
        toStatus: 'out_of_order',
        source: 'incident',
        sourceId: first.body.id,
        changedBy: learner.userId,
        reason: 'Incident bloquant : Le laser ne coupe plus',
      });
      const order = await t.http().get(`/api/maintenance/work-orders/${first.body.workOrderId}`).set(facilitator.auth);
      expect(order.body).toMatchObject({ kind: 'corrective', status: 'open', incidentId: first.body.id, machineId: m.id });

      // A second blocking report opens a second corrective order; the status does not change twice.
      const second = await t.http().post(`/api/machines/${m.id}/incidents`).set(trainer.auth).send({ severity: 'blocking', description: 'Extraction HS' });
      expect(second.body.workOrderId).not.toBe(first.body.workOrderId);
      expect((await t.http().get(`/api/machines/${m.id}/status-history`).set(facilitator.auth)).body.total).toBe(2);

      // Completing one of the two keeps the machine out of order.
      await act(first.body.workOrderId, 'start');
      expect((await act(first.body.workOrderId, 'complete', { notes: 'Tube remplacé' })).status).toBe(200);
      expect((await machine(m.id)).body.status).toBe('out_of_order');

      // Completing the last one brings it back, with a status-history entry.
      const last = await act(second.body.workOrderId, 'complete', { notes: 'Ventilateur changé' });
      expect(last.status).toBe(200);
      expect((await machine(m.id)).body.status).toBe('available');
      const after = await t.http().get(`/api/machines/${m.id}/status-history`).set(facilitator.auth);
      expect(after.body.items[0]).toMatchObject({
        fromStatus: 'out_of_order',
        toStatus: 'available',
        source: 'work_order',
        sourceId: second.body.workOrderId,
        changedBy: facilitator.userId,
      });

      const incidents = await t.http().get(`/api/machines/${m.id}/incidents`).set(trainer.auth);
      expect(incidents.status).toBe(200);
      expect(incidents.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id, first.body.id]);
    });

    it('cancelling the last corrective order does not bring the machine back', async () => {
      const m = await makeMachine(t, facilitator);
      const res = await t.http().post(`/api/machines/${m.id}/incidents`).set(facilitator.auth).send({ severity: 'blocking', description: 'Moteur bloqué' });
      await act(res.body.workOrderId, 'cancel', { reason: 'À reprendre' });
      expect((await machine(m.id)).body.status).toBe('out_of_order');
    });

    it('minor and major incidents are recorded without changing the machine', async () => {
      const m = await makeMachine(t, facilitator);
      const { events, unregister } = listen();
      try {
        for (const severity of ['minor', 'major']) {
          const res = await t.http().post(`/api/machines/${m.id}/incidents`).set(learner.auth).send({ severity, description: 'Plateau rayé' });
          expect(res.status).toBe(201);
          expect(res.body).toMatchObject({ severity, workOrderId: null, machineStatus: 'available' });
        }
      } finally {
        unregister();
      }
      expect(events).toEqual([]);
      expect((await t.http().get(`/api/maintenance/work-orders?machineId=${m.id}`).set(facilitator.auth)).body.total).toBe(0);
    });

    it('a listener that fails rolls the whole report back', async () => {
      const m = await makeMachine(t, facilitator);
      const unregister = t.app.get(DomainEventProbe).listen(({ name }) => {
        if (name === 'machine.disrupted') throw new Error('bookings could not be flagged');
      });
      try {
        const res = await t.http().post(`/api/machines/${m.id}/incidents`).set(learner.auth).send({ severity: 'blocking', description: 'Fumée' });
        expect(res.status).toBe(500);
        expect(res.body.error).toBe('INTERNAL');
      } finally {
        unregister();
      }
      expect((await machine(m.id)).body.status).toBe('available');
      expect(await t.dataSource.getRepository(Incident).countBy({ machineId: m.id })).toBe(0);
      expect((await t.http().get(`/api/maintenance/work-orders?machineId=${m.id}`).set(facilitator.auth)).body.total).toBe(0);
      expect((await t.http().get(`/api/machines/${m.id}/status-history`).set(facilitator.auth)).body.total).toBe(1);
    });

    it('refuses bad reports (400), retired machines (422), unknown machines (404), anonymous (401); lists for staff only', async () => {
      const m = await makeMachine(t, facilitator);
      for (const [body, field] of [
        [{ severity: 'catastrophic', description: 'Fumée' }, 'severity'],
        [{ severity: 'minor' }, 'description'],
        [{ severity: 'minor', description: 'ab' }, 'description'],
      ] as const) {
        const res = await t.http().post(`/api/machines/${m.id}/incidents`).set(learner.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe(field);
      }
      expect((await t.http().get(`/api/machines/${m.id}/incidents`).set(facilitator.auth)).body.total).toBe(0);
      expect((await t.http().get(`/api/machines/${m.id}/incidents`).set(learner.auth)).status).toBe(403);
      expect((await t.http().post(`/api/machines/${m.id}/incidents`).send({ severity: 'minor', description: 'Fumée' })).status).toBe(401);
      expect((await t.http().post('/api/machines/oops/incidents').set(learner.auth).send({ severity: 'minor', description: 'Fumée' })).status).toBe(404);
      expect((await t.http().post(`/api/machines/${UNKNOWN_ID}/incidents`).set(learner.auth).send({ severity: 'minor', description: 'Fumée' })).status).toBe(404);

      await t.http().post(`/api/machines/${m.id}/status`).set(facilitator.auth).send({ status: 'retired', reason: 'Réformée' });
      const retired = await t.http().post(`/api/machines/${m.id}/incidents`).set(learner.auth).send({ severity: 'blocking', description: 'Fumée' });
      expect(retired.status).toBe(422);
      expect(retired.body.error).toBe('MACHINE_UNAVAILABLE');
    });
  });
});
