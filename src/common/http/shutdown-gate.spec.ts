import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ShutdownGate } from './shutdown-gate.js';

/**
 * A server behind the gate whose /slow answers when `release` is called; `arrived` resolves once
 * its handler runs (a fixed pause is not enough on a loaded machine: CI saw the request arrive late).
 */
function serve(gate: ShutdownGate) {
  let release = () => {};
  let signalArrival = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (signalArrival = resolve));
  const server = createServer((req, res) =>
    gate.middleware(req, res, () => {
      const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (req.url === '/slow') {
        signalArrival();
        void held.then(answer);
      } else answer();
    }),
  );
  return { server, release: () => release(), arrived };
}

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

describe('ShutdownGate', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('lets running requests finish, answers new ones 503 SERVICE_UNAVAILABLE, serves the liveness route', async () => {
    const gate = new ShutdownGate(['/api/health/live']);
    const app = serve(gate);
    server = app.server;
    const base = await listen(server);
    const slow = fetch(`${base}/slow`);
    await app.arrived;

    let drained = false;
    const draining = gate.drain(5_000).then(() => (drained = true));
    const refused = await fetch(`${base}/api/machines`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect(await refused.json()).toMatchObject({ statusCode: 503, error: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
    const live = await fetch(`${base}/api/health/live?x=1`);
    expect(live.status).toBe(200);
    expect(live.headers.get('connection')).toBe('close');
    expect(drained).toBe(false);

    app.release();
    expect((await slow).status).toBe(200);
    await draining;
    expect(drained).toBe(true);
  });

  it('waits for the handler, not the socket: a client gone mid-request does not end the wait', async () => {
    const gate = new ShutdownGate();
    const app = serve(gate);
    server = app.server;
    const base = await listen(server);
    const client = new AbortController();
    const slow = fetch(`${base}/slow`, { signal: client.signal }).catch(() => 'aborted');
    await app.arrived;
    client.abort();
    expect(await slow).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the socket close

    let drained = false;
    const draining = gate.drain(5_000).then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drained).toBe(false); // the handler still runs: the database must stay open for it
    app.release();
    await draining;
    expect(drained).toBe(true);
  });

  it('drains at once when nothing runs, and gives up waiting after the timeout', async () => {
    await new ShutdownGate().drain(10_000);
    const gate = new ShutdownGate();
    const app = serve(gate);
    server = app.server;
    const base = await listen(server);
    void fetch(`${base}/slow`).catch(() => null);
    await app.arrived;
    const started = Date.now();
    await gate.drain(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    app.release();
  });
});
