import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../users/role.js';

export class TokenUserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: Role;

  @ApiProperty()
  displayName: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'learners: their participant record' })
  participantId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'trainers: their partner' })
  partnerId?: string;
}

/** What login, refresh and activation answer. */
export class TokenPair {
  @ApiProperty({ description: 'a JWT for `Authorization: Bearer …`' })
  accessToken: string;

  @ApiProperty({ description: 'single use: POST /auth/refresh returns a new pair' })
  refreshToken: string;

  @ApiProperty({ type: 'integer', description: 'seconds the access token lives', example: 900 })
  expiresIn: number;

  @ApiProperty({ type: TokenUserView })
  user: TokenUserView;
}

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  /** The session: the refresh-token family the token was issued with. Revoking it refuses the token. */
  sid: string;
}

/**
 * An id as this server makes them (`randomUUID`: lower-case): what a refresh token starts with
 * and what an access token's `sub` and `sid` claim. Anything else was not made here.
 */
export const isServerId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value);

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_DAYS = 30;
