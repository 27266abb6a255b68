import type { TestApp } from './test-app.js';
import { ADMIN_PASSWORD } from './test-app.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  auth: { Authorization: string };
}

export async function login(t: TestApp, loginName: string, password: string): Promise<Session> {
  const res = await t.http().post('/api/auth/login').send({ login: loginName, password });
  if (res.status !== 200) throw new Error(`login ${loginName} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    userId: res.body.user.id,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

export const loginAdmin = (t: TestApp): Promise<Session> => login(t, 'admin', ADMIN_PASSWORD);
