import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody } from '../errors/error-code.js';
import { requestIdFor } from './request-id.js';

/**
 * Graceful shutdown for HTTP. Once `drain` is called, requests already running finish — the
 * database and the queues stay open for them — while any new one, even on a kept-alive
 * connection, is answered 503 SERVICE_UNAVAILABLE with `Connection: close`, so that clients and
 * load balancers go to another instance and the connections end. Nest's own close (HTTP server,
 * module hooks, then the database) runs once the running requests are done. Without it, clients
 * that keep their connections alive kept the server open until the shutdown was cut.
 * `alwaysServed` paths (the liveness route, "200 always" in the contract) still pass, with
 * `Connection: close` on their answer.
 *
 * A request counts as running until its handler ends the response (`res.end`), not until the
 * socket closes: a client that disconnects mid-request closes the socket while the handler still
 * runs its transaction and its after-commit enqueues, which must not see the database closed under
 * them. (A response never ended — a static file stream cut by the client — is waited for until the
 * drain's time limit.)
 */
export class ShutdownGate {
  private readonly running = new Set<ServerResponse>();
  private closing = false;
  private onDrained: (() => void) | null = null;

  constructor(private readonly alwaysServed: string[] = []) {}

  /** Express middleware: to be the first one. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.closing && !this.alwaysServed.includes((req.url ?? '').split('?')[0])) {
      const body: ErrorBody = {
        statusCode: 503,
        error: 'SERVICE_UNAVAILABLE',
        message: 'The service is shutting down',
        requestId: requestIdFor(req, res),
      };
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify(body));
      return;
    }
    if (this.closing) res.shouldKeepAlive = false;
    this.running.add(res);
    const end = res.end as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const result = end.apply(res, args);
      this.finished(res);
      return result;
    }) as ServerResponse['end'];
    next();
  };

  private finished(res: ServerResponse): void {
    if (!this.running.delete(res)) return;
    if (this.closing && this.running.size === 0) this.onDrained?.();
  }

  /** Answers 503 from now on; resolves when the running requests have ended, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    this.closing = true;
    // The answers still to come close their connections too.
    for (const res of this.running) if (!res.headersSent) res.shouldKeepAlive = false;
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.onDrained = resolve;
      setTimeout(resolve, timeoutMs).unref();
    });
  }
}
