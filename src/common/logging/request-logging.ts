import type { INestApplication, MiddlewareConsumer } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { LoggerModule } from 'nestjs-pino';

/**
 * nestjs-pino's two request middlewares: pino-http (the request's log line, `req.log`), then the
 * one that binds that logger to the request's async context, which every `Logger` / `PinoLogger`
 * inside the request logs through (its `req` id, method and path). configureApp mounts them once,
 * at the root, before Nest's body parsers.
 *
 * LoggerModule is told to mount them nowhere itself (`forRoutes: []`, see loggerOptions): its
 * default routes plus our global prefix exclusions made NestJS mount them on one path per web root
 * and per web page route: 110 paths, 220 of the router's 456 layers, walked by every request; two
 * of those paths ran them both for `GET /`, logged twice. Mounted at init, after the body parsers,
 * Swagger and the queue dashboard, they never saw a malformed body, a web 404, the docs or the
 * dashboard. The functions are taken from the module's own `configure()`, handed a consumer
 * that only records what it is given: the same pino-http instance (the application's one root
 * logger) and the same binding as before.
 */
export function requestLoggingMiddlewares(app: INestApplication): RequestHandler[] {
  let recorded: RequestHandler[] = [];
  const recorder = {
    apply: (...middlewares: RequestHandler[]) => {
      recorded = middlewares;
      const route = { exclude: () => route, forRoutes: () => recorder };
      return route;
    },
  };
  app.get(LoggerModule, { strict: false }).configure(recorder as unknown as MiddlewareConsumer);
  if (recorded.length === 0) throw new Error('nestjs-pino gave no request logging middleware');
  return recorded;
}
