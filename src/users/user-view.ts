import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from './role.js';
import type { User } from './user.entity.js';

/** What the API shows of a user: never the password hash. */
export class UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, format: 'email' })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: Role;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  partnerId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'learners: their participant record' })
  participantId: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  lastLoginAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
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
