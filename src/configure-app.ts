import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { ShutdownGate } from './common/http/shutdown-gate.js';
import { QueueDashboard } from './reminders/queue-dashboard.js';

export const API_PREFIX = 'api';

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Dynamo Fablab')
    .setDescription(
      'Back office of a solidarity fablab: machines and maintenance, learning paths and progress, machine-slot bookings, reminders, and the yearly target.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * What main.ts and the e2e tests both apply to the HTTP application: route prefix, security
 * headers, OpenAPI, structured logger. (Signals are handled in main.ts.) Pipes, filters and guards are
 * registered in AppModule itself.
 */
export function configureApp(app: INestApplication, options: { shutdownGate?: ShutdownGate } = {}): INestApplication {
  app.useLogger(app.get(Logger));
  // First of all: during a graceful shutdown, new requests are turned away (main.ts).
  if (options.shutdownGate) app.use(options.shutdownGate.middleware);
  app.setGlobalPrefix(API_PREFIX);
  // No upgrade-insecure-requests: a fablab often serves the docs over plain http on its LAN.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // The queue dashboard (admins only, see QueueDashboard), before Nest's routes.
  const dashboardPath = `/${API_PREFIX}/admin/queues`;
  app.use(dashboardPath, ...app.get(QueueDashboard, { strict: false }).handlers(dashboardPath));
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });
  return app;
}
