import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';
import { requestIdFor } from '../http/request-id.js';

/**
 * Structured JSON logs. Requests are logged by method, path (no query string: searches may
 * hold names) and status; headers and bodies never, so no personal data reaches the logs.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: requestIdFor,
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
