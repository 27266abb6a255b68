import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthService } from '../auth/auth.service.js';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../common/errors/error-code.js';
import { requestIdFor } from '../common/http/request-id.js';
import { ALL_QUEUES } from '../common/queues/queues.constants.js';

export const QUEUE_DASHBOARD_COOKIE = 'fablab_queues';
const MAX_COOKIE_SECONDS = 15 * 60;

const cookieOf = (req: Request, name: string): string | null => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
};

/**
 * The BullMQ dashboard (bull-board) for admins, as an Express router mounted under the API
 * prefix (configure-app.ts). A browser cannot send a bearer header, so the admin opens it once
 * with `?token=<accessToken>`: the token is checked, set as a short-lived HttpOnly, SameSite=Strict
 * cookie scoped to the dashboard's path, and the browser is redirected to the same page without
 * it. Every request (page, assets, its API) then needs that cookie (or a bearer header) holding a
 * valid access token of an active admin; otherwise 401/403 in the contract's error shape.
 */
@Injectable()
export class QueueDashboard {
  constructor(
    private readonly auth: AuthService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The handlers to mount at `basePath` (e.g. `/api/admin/queues`): the guard, then the board. */
  handlers(basePath: string): RequestHandler[] {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(basePath);
    const queues = ALL_QUEUES.map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })));
    // @bull-board/express carries its own copy of @bull-board/api: same shapes, distinct declarations.
    createBullBoard({
      queues,
      serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Dynamo Fablab' } },
    });
    return [(req, res, next) => void this.guard(req, res, next, basePath), serverAdapter.getRouter() as RequestHandler];
  }

  private async guard(req: Request, res: Response, next: NextFunction, basePath: string): Promise<void> {
    try {
      const fromQuery = typeof req.query.token === 'string' ? req.query.token : null;
      const header = req.headers.authorization ?? '';
      const bearer = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : null;
      const token = fromQuery ?? bearer ?? cookieOf(req, QUEUE_DASHBOARD_COOKIE);
      if (!token) return this.refuse(req, res, 'UNAUTHENTICATED', 'Authentication required: open the dashboard with ?token=<accessToken>');
      const user = await this.auth.authenticate(token);
      const payload = user ? ((await this.auth.verifyAccessToken(token)) as { exp?: number } | null) : null;
      if (!payload || !user) return this.refuse(req, res, 'UNAUTHENTICATED', 'Invalid or expired access token');
      if (user.role !== 'admin') return this.refuse(req, res, 'FORBIDDEN', 'The queue dashboard is for admins');

      if (fromQuery) {
        const lifetime = payload.exp ? Math.floor(payload.exp - Date.now() / 1000) : MAX_COOKIE_SECONDS;
        res.cookie(QUEUE_DASHBOARD_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: req.secure,
          path: basePath,
          maxAge: Math.max(1, Math.min(lifetime, MAX_COOKIE_SECONDS)) * 1000,
        });
        // The token leaves the address bar (and the history) at once.
        const url = new URL(req.originalUrl, 'http://localhost');
        url.searchParams.delete('token');
        res.redirect(303, `${url.pathname}${url.search}`);
        return;
      }
      res.setHeader('cache-control', 'no-store');
      next();
    } catch (error) {
      next(error);
    }
  }

  private refuse(req: Request, res: Response, code: ErrorCode, message: string): void {
    const requestId = String(res.getHeader('x-request-id') ?? requestIdFor(req, res));
    const body: ErrorBody = { statusCode: ERROR_STATUS[code], error: code, message, requestId };
    res.status(body.statusCode).json(body);
  }
}
