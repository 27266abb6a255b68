import { randomBytes } from 'node:crypto';
import type { Session } from '../helpers/auth.js';
import { makeRawLearner } from '../helpers/learner.js';
import type { TestApp } from '../helpers/test-app.js';

export const LEARNER_PASSWORD = 'learner-password-1';

const hex = () => randomBytes(3).toString('hex');

async function created<T>(what: string, request: Promise<{ status: number; body: unknown }>): Promise<T> {
  const res = await request;
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export interface MachineBody {
  id: string;
  code: string;
  name: string;
  category: string;
  status: string;
  location: string | null;
  requiresQualification: boolean;
  usageHours: number;
  notes: string | null;
  nextMaintenance: null | { planId: string; title: string; status: string; dueAt: string | null; usageHoursLeft: number | null; reason: string };
  createdAt: string;
  updatedAt: string;
}

export const makeMachine = (t: TestApp, session: Session, overrides: Record<string, unknown> = {}) =>
  created<MachineBody>(
    'makeMachine',
    t
      .http()
      .post('/api/machines')
      .set(session.auth)
      .send({ code: `M-${hex()}`, name: 'Imprimante Prusa MK4', category: 'fdm_printer', location: 'Atelier', ...overrides }),
  );

export const makePlan = (t: TestApp, session: Session, machineId: string, overrides: Record<string, unknown> = {}) =>
  created<{ id: string; lastCompletedAt: string; lastCompletedUsageHours: number; checklist: string[] }>(
    'makePlan',
    t
      .http()
      .post(`/api/machines/${machineId}/maintenance-plans`)
      .set(session.auth)
      .send({ title: 'Entretien', everyDays: 30, ...overrides }),
  );

export const makeWorkOrder = (t: TestApp, session: Session, machineId: string, overrides: Record<string, unknown> = {}) =>
  created<{ id: string; status: string; kind: string; checklist: { item: string; done: boolean }[] }>(
    'makeWorkOrder',
    t
      .http()
      .post('/api/maintenance/work-orders')
      .set(session.auth)
      .send({ machineId, kind: 'inspection', title: 'Contrôle', ...overrides }),
  );

/**
 * A logged-in learner account with no participant behind it (see makeRawLearner), for routes
 * that only care about the learner role.
 */
export const makeLearner = (t: TestApp): Promise<Session> => makeRawLearner(t, `learner-${hex()}`, LEARNER_PASSWORD);
