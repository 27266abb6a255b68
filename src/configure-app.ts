import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Request } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { requestIdFor } from './common/http/request-id.js';
import { requestLoggingMiddlewares } from './common/logging/request-logging.js';
import { AppConfig } from './config/app-config.js';
import type { ShutdownGate } from './common/http/shutdown-gate.js';
import { buildOpenApiDocument } from './common/openapi/openapi-document.js';
import { QueueDashboard } from './jobs/queue-dashboard.service.js';
import { webPrefixExclusions } from './web/shell/web-paths.js';

export const API_PREFIX = 'api';

/**
 * What main.ts and the e2e tests both apply to the HTTP application: route prefix, security
 * headers, OpenAPI, structured logger. (Signals are handled in main.ts.) Pipes, filters and guards are
 * registered in AppModule itself.
 */
export function configureApp(app: INestApplication, options: { shutdownGate?: ShutdownGate } = {}): INestApplication {
  app.useLogger(app.get(Logger));
  // Behind a reverse proxy (TRUST_PROXY), the client's address, scheme and host are the forwarded
  // ones: the login throttle counts the real address, built URLs and Secure cookies follow HTTPS.
  (app.getHttpAdapter().getInstance() as { set: (name: string, value: unknown) => void }).set('trust proxy', app.get(AppConfig).trustProxy);
  // The request id first of all, before the body parsers: a malformed or too large body is
  // answered (and logged) with the same id, echoed in x-request-id, as any other error.
  app.use((req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
    req.id = requestIdFor(req, res);
    next();
  });
  // First of all: during a graceful shutdown, new requests are turned away (main.ts).
  if (options.shutdownGate) app.use(options.shutdownGate.middleware);
  // The request log, once for every request (pages, API, 404s, a malformed body, the docs, the
  // dashboard; not the 503s of a shutdown, turned away above), and the request's logging context
  // for every log made while it runs: before the body parsers and everything else.
  app.use(...requestLoggingMiddlewares(app));
  // The web app's pages (src/web) live outside the API's prefix.
  app.setGlobalPrefix(API_PREFIX, { exclude: webPrefixExclusions() });
  // No upgrade-insecure-requests: a fablab often serves the docs over plain http on its LAN.
  // Referrer-Policy same-origin: a page's address (an activation link's code) never leaves the
  // site, while the forms' own Origin header stays a real origin for the CSRF check.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // The queue dashboard (admins only, see QueueDashboard), before Nest's routes.
  const dashboardPath = `/${API_PREFIX}/admin/queues`;
  app.use(dashboardPath, ...app.get(QueueDashboard, { strict: false }).handlers(dashboardPath));
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    // The live document names the server that served it, so a client generated from it calls back there.
    patchDocumentOnRequest: <TRequest>(req: TRequest, _res: unknown, document: OpenAPIObject) => {
      const request = req as Request;
      return { ...document, servers: [{ url: `${request.protocol}://${request.host}`, description: 'this server' }] };
    },
  });
  return app;
}
