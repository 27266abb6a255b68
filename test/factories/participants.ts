import { randomBytes } from 'node:crypto';
import { login, type Session } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';

export const LEARNER_PASSWORD = 'learner-password-1';

export interface ParticipantBody {
  id: string;
  firstName: string;
  lastName: string;
  birthYear: number;
  referredByPartnerId: string | null;
  enrollments: { id: string; path: { code: string }; status: string }[];
  [key: string]: unknown;
}

export interface EnrollmentBody {
  id: string;
  participantId: string;
  path: { id: string; code: string; title: string };
  status: string;
  progressPct: number;
  completedAt: string | null;
  nextStep: { stepId: string; code: string; title: string; status: string } | null;
  steps: { stepId: string; code: string; status: string; required: boolean; grantsQualification: string | null; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** An adult participant with a unique name; `overrides` replace any field of the body. */
export function participantBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const suffix = randomBytes(4).toString('hex');
  return {
    firstName: `Prénom${suffix}`,
    lastName: `Nom${suffix}`,
    birthYear: 2004,
    gender: 'female',
    audience: 'insertion',
    livesInQpv: true,
    consent: { dataProcessing: true },
    ...overrides,
  };
}

/** Creates a participant through the API (`session`: a facilitator or an admin). */
export async function makeParticipant(
  t: TestApp,
  session: Session,
  overrides: Record<string, unknown> = {},
): Promise<ParticipantBody> {
  const res = await t.http().post('/api/participants').set(session.auth).send(participantBody(overrides));
  if (res.status !== 201) throw new Error(`makeParticipant: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ParticipantBody;
}

/** Enrols a participant in a path (by code) through the API. */
export async function enrol(
  t: TestApp,
  session: Session,
  participantId: string,
  pathCode: string,
  extra: Record<string, unknown> = {},
): Promise<EnrollmentBody> {
  const res = await t
    .http()
    .post(`/api/participants/${participantId}/enrollments`)
    .set(session.auth)
    .send({ pathCode, ...extra });
  if (res.status !== 201) throw new Error(`enrol: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EnrollmentBody;
}

/**
 * A participant with an activated learner account, logged in: creates the participant, issues
 * the activation code (as `staff`) and activates it.
 */
export async function makeLearner(
  t: TestApp,
  staff: Session,
  overrides: Record<string, unknown> = {},
): Promise<{ participant: ParticipantBody; session: Session; username: string }> {
  const participant = await makeParticipant(t, staff, overrides);
  const issued = await t.http().post(`/api/participants/${participant.id}/account`).set(staff.auth).send();
  if (issued.status !== 201) throw new Error(`makeLearner (account): ${issued.status} ${JSON.stringify(issued.body)}`);
  const username = `learner-${randomBytes(4).toString('hex')}`;
  const activated = await t
    .http()
    .post('/api/auth/activate')
    .send({ code: issued.body.code, username, password: LEARNER_PASSWORD });
  if (activated.status !== 200) throw new Error(`makeLearner (activate): ${activated.status} ${JSON.stringify(activated.body)}`);
  const session = await login(t, username, LEARNER_PASSWORD);
  return { participant, session, username };
}
