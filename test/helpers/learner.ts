import { hashPassword } from '../../src/common/auth/passwords.js';
import { User } from '../../src/users/user.entity.js';
import { login, type Session } from './auth.js';
import type { TestApp } from './test-app.js';

/**
 * A learner account written straight into the database, for tests of routes that must refuse
 * learners. (Learner accounts are normally created from a participant.)
 */
export async function makeRawLearner(t: TestApp, username: string, password = 'learner-password-1'): Promise<Session> {
  const users = t.dataSource.getRepository(User);
  await users.save(
    users.create({
      username,
      email: null,
      passwordHash: await hashPassword(password),
      role: 'learner',
      displayName: username,
      partnerId: null,
      participantId: null,
      active: true,
      lastLoginAt: null,
      credentialsChangedAt: null,
    }),
  );
  return login(t, username, password);
}
