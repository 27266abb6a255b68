import type { Role } from '../../users/role.js';

/** The authenticated caller, as the guard puts it on the request. */
export interface AuthUser {
  id: string;
  role: Role;
  displayName: string;
  partnerId: string | null;
  participantId: string | null;
  /** The session (refresh-token family) of the access token the caller came with. */
  sessionId?: string;
}
