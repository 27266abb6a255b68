import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';

/** What the web guard learns about a request and every page needs. */
export interface PageContext {
  /** The person logged in through the session cookie, if any. */
  user: AuthUser | null;
  /** The CSRF token to put in every form (field `_csrf`). */
  csrf: string;
  /** Unread notifications, for the header. */
  unread: number;
  /** The path asked for, for the navigation's current page. */
  path: string;
  requestId: string;
}

export type WebRequest = Request & { page?: PageContext };

export const SESSION_COOKIE = 'fablab_session';
export const CSRF_COOKIE = 'fablab_csrf';
/** When the session last asked for a page, signed: the idle limit. */
export const SEEN_COOKIE = 'fablab_seen';
export const CSRF_FIELD = '_csrf';

/** Metadata: the roles a page is for. */
export const WEB_ROLES = 'fablab:web-roles';

/**
 * Young people are addressed with "tu", staff with "vous" (WEB.md): the words of a page shared by
 * every role. Someone not logged in is most often a young person.
 */
export const say = (page: Pick<PageContext, 'user'>, tu: string, vous: string): string =>
  !page.user || page.user.role === 'learner' ? tu : vous;
