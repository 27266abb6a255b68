import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/users/role.js';
import { login, type Session } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';

export const STAFF_PASSWORD = 'staff-password-1';

export async function makePartner(t: TestApp, admin: Session, overrides: Record<string, unknown> = {}) {
  const res = await t
    .http()
    .post('/api/partners')
    .set(admin.auth)
    .send({ name: `Partner ${randomBytes(3).toString('hex')}`, kind: 'association', ...overrides });
  if (res.status !== 201) throw new Error(`makePartner: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; kind: string };
}

/** Creates a staff user through the API and logs them in. */
export async function makeStaff(
  t: TestApp,
  admin: Session,
  role: Exclude<Role, 'learner'>,
  overrides: Record<string, unknown> = {},
): Promise<Session & { user: { id: string; partnerId: string | null } }> {
  const suffix = randomBytes(3).toString('hex');
  const partnerId = role === 'trainer' && !overrides.partnerId ? (await makePartner(t, admin)).id : undefined;
  const res = await t
    .http()
    .post('/api/users')
    .set(admin.auth)
    .send({
      username: `${role}-${suffix}`,
      email: `${role}-${suffix}@fablab.test`,
      password: STAFF_PASSWORD,
      role,
      displayName: `${role} ${suffix}`,
      ...(partnerId ? { partnerId } : {}),
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`makeStaff: ${res.status} ${JSON.stringify(res.body)}`);
  const session = await login(t, res.body.username, (overrides.password as string) ?? STAFF_PASSWORD);
  return { ...session, user: res.body };
}
