import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import type { Role } from '../../users/role.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { WebSessionGuard } from './web-session.guard.js';
import { type PageContext, WEB_ROLES, type WebRequest } from './web-request.js';

/**
 * A controller of pages for people: outside the OpenAPI document, never opened by a bearer token
 * (the API's guard lets it through as public, then the session guard decides from the cookie),
 * errors rendered as pages.
 */
export const WebPages = () =>
  applyDecorators(Public(), ApiExcludeController(), UseGuards(WebSessionGuard), UseFilters(WebExceptionFilter));

/** Pages for these roles; without it, a page is open to everyone (login, activation). */
export const ForRoles = (...roles: Role[]) => SetMetadata(WEB_ROLES, roles);

/** The page context the guard built (user, CSRF token, unread count). */
export const Page = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PageContext => context.switchToHttp().getRequest<WebRequest>().page as PageContext,
);
