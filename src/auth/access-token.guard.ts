import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { IS_PUBLIC, ROLES_KEY } from '../common/auth/decorators.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Role } from '../users/role.js';
import { AuthService } from './auth.service.js';

/** Who a handler is open to, from its decorators and its controller's. */
interface Access {
  public: boolean;
  roles: readonly Role[] | undefined;
}

/**
 * The global guard. Denies by default: a route opens to everyone only with @Public(), and to
 * authenticated users only with @Roles(...) or @AnyRole(). The user and their session are re-read
 * on each request so a deactivated account or an ended session stops at once.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  /**
   * By controller, then handler: who it is open to. Decorator metadata is fixed once the classes
   * are defined, and reading it through the Reflector on every request was four metadata look-ups
   * up the prototype chains. Bounded by the application's own handlers.
   */
  private readonly access = new WeakMap<object, WeakMap<object, Access>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context.getHandler(), context.getClass());
    if (access.public) return true;
    return this.authenticated(context, access.roles);
  }

  private async authenticated(context: ExecutionContext, roles: readonly Role[] | undefined): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError('UNAUTHENTICATED', 'Authentication required');
    }
    const user = await this.auth.authenticate(token);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Invalid or expired access token');
    request.user = user;

    if (!roles?.includes(user.role)) {
      throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
    }
    return true;
  }

  private accessOf(handler: object, controller: object): Access {
    let byHandler = this.access.get(controller);
    if (!byHandler) this.access.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler, controller] as Array<() => unknown>;
      access = {
        public: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }
}
