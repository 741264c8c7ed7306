/**
 * The demo app: the same scenarios as the Express demo, on Fastify with @dd-otel/fastify.
 * `createApp()` builds it; `start({ port })` also listens.
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import datadogFastify from '@dd-otel/fastify';
import type { DatadogFastifyOptions } from '@dd-otel/fastify';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { runGuideSnippets } from './guide-snippets.js';
import { usersRoutes } from './users-routes.js';

const tracer = trace.getTracer('fastify-demo', '0.1.0');

/** How long `/slow` takes; the scenario's client gives up well before. */
export const SLOW_ROUTE_MS = 2000;

/** `/chain`: calls this app's own `/hello` over HTTP with the trace headers injected. */
async function callHello(port: number): Promise<string> {
  return tracer.startActiveSpan('http.request', { kind: SpanKind.CLIENT }, async (span) => {
    const url = `http://127.0.0.1:${port}/hello`;
    span.setAttributes({ 'http.method': 'GET', 'http.url': url, 'span.type': 'http', 'resource.name': 'GET /hello' });
    try {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      const response = await fetch(url, { headers });
      span.setAttribute('http.status_code', String(response.status));
      return await response.text();
    } finally {
      span.end();
    }
  });
}

export async function createApp(options: DatadogFastifyOptions = {}): Promise<FastifyInstance> {
  // The demo closes right after its scenarios: close keep-alive connections instead of waiting.
  const app = Fastify({ forceCloseConnections: true });
  // First, so its hooks run before the app's and every route below is traced.
  // resourceRenamingEnabled: a path no route matches (a 404) gets http.endpoint, its ids replaced.
  await app.register(datadogFastify, { resourceRenamingEnabled: true, ...options });

  app.get('/hello', async () => 'Hello World!');
  await app.register(usersRoutes, { prefix: '/api' });
  app.get('/work', async () => {
    await runGuideSnippets();
    return { done: true };
  });
  app.get('/error', async () => {
    throw new Error('something broke');
  });
  app.get('/bad-request', async (_request, reply) => reply.code(400).send({ error: 'missing parameter "q"' }));
  app.get('/chain', async (request) => ({ downstream: await callHello(request.socket.localPort!) }));
  app.get('/slow', async () => {
    await sleep(SLOW_ROUTE_MS);
    return 'finally';
  });
  return app;
}

export interface RunningApp {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens on 127.0.0.1 (port 0 picks a free one). */
export async function start({ port = 0, ...options }: { port?: number } & DatadogFastifyOptions = {}): Promise<RunningApp> {
  const app = await createApp(options);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
