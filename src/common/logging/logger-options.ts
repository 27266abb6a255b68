import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';
import { requestIdFor } from '../http/request-id.js';

/**
 * The path a request is logged under: no query string (searches hold names; `?token=` of the
 * queue dashboard and `?code=` of an activation link are secrets), and the calendar feed's token,
 * which is the path itself, replaced — whatever follows `/calendar/`, in any case (Express routes
 * ignore case and a trailing slash, so `/API/Calendar/<token>.ics/` reaches the feed too).
 */
export const loggedPath = (url: string | undefined): string =>
  (url ?? '').split('?')[0].split('#')[0].replace(/\/calendar\/.+$/i, '/calendar/[redacted].ics');

/**
 * Structured JSON logs. Requests are logged by method, path (no query string: searches may
 * hold names) and status; headers and bodies never, so no personal data reaches the logs.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    // Mounted nowhere by LoggerModule: configureApp mounts the request logging once for every
    // request (see requestLoggingMiddlewares).
    forRoutes: [],
    pinoHttp: {
      level: config.logLevel,
      genReqId: requestIdFor,
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: loggedPath(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
