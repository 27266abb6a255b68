import type { Role } from '../../users/role.js';

/** The authenticated caller, as the guard puts it on the request. */
export interface AuthUser {
  id: string;
  role: Role;
  displayName: string;
  partnerId: string | null;
  participantId: string | null;
}
