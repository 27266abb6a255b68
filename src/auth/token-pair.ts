import type { Role } from '../users/role.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: {
    id: string;
    role: Role;
    displayName: string;
    participantId?: string;
    partnerId?: string;
  };
}

export interface AccessTokenPayload {
  sub: string;
  role: Role;
}

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_DAYS = 30;
