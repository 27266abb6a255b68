import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '../../users/role.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'fablab:public';
export const ROLES_KEY = 'fablab:roles';

/** Opens a route to unauthenticated callers. Everything else is closed by default. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Narrows a route to these roles. A route with neither @Public nor @Roles is refused to all. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any authenticated user, whatever their role. */
export const AnyRole = () => SetMetadata(ROLES_KEY, [...ROLES]);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
