import type { User } from './user.entity.js';

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string | null;
  username: string | null;
  role: User['role'];
  displayName: string;
  partnerId: string | null;
  participantId: string | null;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const toUserView = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  username: user.username,
  role: user.role,
  displayName: user.displayName,
  partnerId: user.partnerId,
  participantId: user.participantId,
  active: user.active,
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});
