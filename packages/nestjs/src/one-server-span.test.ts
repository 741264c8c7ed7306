import { SpanKind, context, trace } from '@opentelemetry/api';
import { datadogMiddleware } from '@dd-otel/express';
import { datadogFastify } from '@dd-otel/fastify';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogModule } from './datadog.module.js';
import { serverSpanOf, spansOf, startTestTracing, tracedGet } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { startTestApp } from './testing/test-app.test-support.js';
import type { AdapterName, RunningApp } from './testing/test-app.test-support.js';

/** Installs dd-otel's Express middleware or Fastify plugin on the app's own server. */
async function installFrameworkPlugin(app: INestApplication, adapter: AdapterName): Promise<void> {
  if (adapter === 'fastify') {
    await (app as NestFastifyApplication).register(datadogFastify as never);
  } else {
    app.use(datadogMiddleware());
  }
}

/**
 * Another instrumentation's server span, started before Nest sees the request and active while
 * it runs (as instrumentation-http's would be). It starts a trace of its own.
 */
function foreignServerSpan(app: INestApplication): void {
  const tracer = trace.getTracer('foreign-http');
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const span = tracer.startSpan('foreign.server', { kind: SpanKind.SERVER, attributes: { 'foreign.marker': 'yes' } });
    res.on('close', () => span.end());
    context.with(trace.setSpan(context.active(), span), next);
  });
}

let tracing: TestTracing;

beforeAll(async () => {
  tracing = await startTestTracing();
});

afterAll(async () => {
  await tracing.close();
});

describe.each(['express', 'fastify'] as const)('with the %s plugin of dd-otel also installed', (adapter) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startTestApp(adapter, {
      datadog: DatadogModule.forRoot({ handlerSpans: true }),
      beforeListen: installFrameworkPlugin,
    });
  });

  afterAll(async () => {
    await running.close();
  });

  it('gives each request exactly one server span, enriched with the Nest tags', async () => {
    for (const [path, status] of [
      ['/api/v1/users/1', 200],
      ['/api/v1/users/boom', 500],
      ['/api/v1/users/secret', 403],
    ] as const) {
      const response = await tracedGet(running.baseUrl, path);
      expect(response.status, path).toBe(status);
      const spans = await spansOf(tracing.agent, response);
      const server = serverSpanOf(spans);
      expect(server.name, path).toBe(`${adapter}.request`);
      expect(server.meta['component'], path).toBe(adapter);
      expect(server.resource, path).toMatch(/^GET \/api\/v1\/users\//);
      if (status === 200) expect(server.meta['nestjs.controller']).toBe('UsersController');
      if (status === 500) expect(server.meta['error.type']).toBe('InternalServerErrorException');
    }
  });
});

describe('under another instrumentation\'s server span (express)', () => {
  it('enriches that span instead of starting a second one', async () => {
    const running = await startTestApp('express', {
      datadog: DatadogModule.forRoot(),
      beforeListen: (app) => foreignServerSpan(app),
    });
    try {
      const response = await tracedGet(running.baseUrl, '/api/v1/users/2');
      expect(response.status).toBe(200);
      const server = await tracing.agent.waitFor((spans) => spans.find((span) => span.meta['foreign.marker'] === 'yes' && span.meta['nestjs.callback'] !== undefined));
      const servers = tracing.agent.spans().filter((span) => span.meta['span.kind'] === 'server' && span.traceId === server.traceId);
      expect(servers).toHaveLength(1);
      expect(server).toMatchObject({ name: 'express.request', resource: 'GET /api/v1/users/:id' });
      expect(server.meta).toMatchObject({ component: 'express', 'nestjs.controller': 'UsersController' });
    } finally {
      await running.close();
    }
  });
});
