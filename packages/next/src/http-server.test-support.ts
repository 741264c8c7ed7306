import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Tracer } from '@opentelemetry/api';
import { finishRequestSpan, startRequestSpan } from './harness.test-support.js';

/** A real Node HTTP server on 127.0.0.1 that handles requests the way Next's Node server does. */
export interface NextLikeServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  close(): Promise<void>;
}

function delayOf(req: IncomingMessage, header: string): number {
  const value = Number(req.headers[header]);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Starts `BaseServer.handleRequest` only after some awaits (Next's `prepare()`, the router
 * server), as Next does, so the span starts in a later async step of the request, never in the
 * `request` listener's own call. `x-test-start-delay` / `x-test-end-delay` (ms) let a test
 * overlap requests; `x-test-route` is the route Next would have matched (none: a 404 shape).
 */
export async function startNextLikeServer(tracer: Tracer): Promise<NextLikeServer> {
  const server = createServer((req, res) => {
    void (async () => {
      await sleep(delayOf(req, 'x-test-start-delay'));
      const method = req.method ?? 'GET';
      const span = startRequestSpan(tracer, method, req.url ?? '/');
      await sleep(delayOf(req, 'x-test-end-delay'));
      const route = req.headers['x-test-route'];
      const status = typeof route === 'string' ? 200 : 404;
      res.statusCode = status;
      res.end();
      finishRequestSpan(span, method, status, typeof route === 'string' ? route : undefined);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET `path` with `headers`; resolves once the response is read. */
export async function get(server: NextLikeServer, path: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(server.baseUrl + path, { headers });
  await response.arrayBuffer();
  return response.status;
}
