import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { IS_PUBLIC, ROLES_KEY } from '../common/auth/decorators.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Role } from '../users/role.js';
import { AuthService } from './auth.service.js';

/**
 * The global guard. Denies by default: a route opens to everyone only with @Public(), and to
 * authenticated users only with @Roles(...) or @AnyRole(). The user and their session are re-read
 * on each request so a deactivated account or an ended session stops at once.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError('UNAUTHENTICATED', 'Authentication required');
    }
    const user = await this.auth.authenticate(token);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Invalid or expired access token');
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(user.role)) {
      throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
    }
    return true;
  }
}
