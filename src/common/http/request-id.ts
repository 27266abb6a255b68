import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ACCEPTED = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The request id: the caller's `x-request-id` when it looks like one (so a gateway's id is
 * kept), a new UUID otherwise. Echoed on every response.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  // Already given by the first middleware (see configureApp): the same id for the log and the error.
  const given = (req as IncomingMessage & { id?: unknown }).id;
  if (typeof given === 'string' && given) return given;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && ACCEPTED.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}
