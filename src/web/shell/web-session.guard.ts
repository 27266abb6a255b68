import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parse as parseCookies } from 'cookie';
import type { Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import type { Role } from '../../users/role.js';
import { CsrfTokensService } from './csrf-tokens.service.js';

import { ForgedForm, WebRedirect } from './web-errors.js';
import { CSRF_COOKIE, CSRF_FIELD, SEEN_COOKIE, SESSION_COOKIE, WEB_ROLES, type WebRequest } from './web-request.js';
import { WebSessionService } from './web-session.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The guard of every page. Reads the session cookie (never the Authorization header), checks
 * every form that changes something (CSRF token and Origin), and decides who may see the page:
 * nobody logged in → the login page, then back; a role the page is not for → "page not found",
 * as for an id that is not theirs (no existence oracle).
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionService,
    private readonly csrf: CsrfTokensService,
    private readonly notifications: NotificationsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const cookies = parseCookies(request.headers.cookie ?? '');

    let seed = cookies[CSRF_COOKIE];
    const hadSeed = this.csrf.isSeed(seed);
    if (!this.csrf.isSeed(seed)) {
      seed = this.csrf.newSeed();
      response.cookie(CSRF_COOKIE, seed, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
    }
    if (!SAFE_METHODS.has(request.method)) {
      this.assertSameOrigin(request);
      const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!hadSeed || !this.csrf.matches(seed as string, field)) throw new ForgedForm('CSRF token missing or wrong');
    }

    const token = cookies[SESSION_COOKIE];
    const user = token ? await this.sessions.resolve(token, cookies[SEEN_COOKIE]) : null;
    if (token && !user) this.sessions.clear(response);
    if (token && user) this.sessions.touch(request, response, token);
    const unread = user && SAFE_METHODS.has(request.method) ? await this.notifications.unreadCount(user.id) : 0;
    request.page = {
      user,
      csrf: this.csrf.tokenFor(seed as string),
      unread,
      path: request.path,
      requestId: String((request as { id?: unknown }).id ?? response.getHeader('x-request-id') ?? ''),
    };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(WEB_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    if (!user) {
      const back = SAFE_METHODS.has(request.method) ? `?retour=${encodeURIComponent(withoutSearch(request.originalUrl))}` : '';
      throw new WebRedirect(`/connexion${back}`);
    }
    if (!roles.includes(user.role)) throw DomainError.notFound('Page');
    return true;
  }

  /**
   * The Origin (or, failing it, the Referer) of a form must be this very host. Browsers send
   * Origin with every POST; the Referrer-Policy is `same-origin` so it is never "null" here.
   */
  private assertSameOrigin(request: WebRequest): void {
    const source = request.get('origin') ?? request.get('referer');
    if (source === undefined) return; // a client that sends neither still needs the token
    let host: string;
    try {
      host = new URL(source).host;
    } catch {
      throw new ForgedForm('unreadable Origin');
    }
    // request.host: the host the browser used, also behind a trusted proxy that rewrites Host (TRUST_PROXY).
    if (host !== request.host) throw new ForgedForm(`form posted from ${host}`);
  }
}

/** The address to come back to, without the words of a search (a young person's name). */
function withoutSearch(url: string): string {
  const parsed = new URL(url, 'http://local');
  parsed.searchParams.delete('q');
  return parsed.pathname + parsed.search;
}
