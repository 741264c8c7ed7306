import { createServer } from 'node:http';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { FASTIFY_MAJORS, listen } from './harness.test-support.js';
import datadogFastify from './index.js';
import { readsRouteContext } from './route-info.js';
import { buildTestApp } from './test-app.test-support.js';
import { useTestTracing } from './traced-test-app.test-support.js';

const tracing = useTestTracing();

describe.each(FASTIFY_MAJORS)('per-route opt-out on $label', ({ Fastify }) => {
  beforeEach(() => tracing.agent.clear());

  it('leaves a route with config.datadog = false untraced: no span, no active span', async () => {
    const { app, activeSpans } = await buildTestApp(Fastify);
    const base = await listen(app);
    const response = await fetch(`${base}/untraced`, { headers: { 'x-test-id': 'opted-out' } });
    expect(await response.json()).toEqual({ span: 'none' });
    // Spans leave in the order they end: once /hello's span is in, /untraced's would be too.
    await fetch(`${base}/hello`);
    await tracing.requestSpanFor('/hello');
    await app.close();
    expect(tracing.agent.spans().map((span) => span.meta['url.path'])).toEqual(['/hello']);
    expect(activeSpans.get('opted-out')).toMatchObject({ onRequest: false, handler: false });
    // Both opt-out and route came from Fastify's route context, not the costlier routeOptions.
    expect(readsRouteContext()).toBe(true);
  });
});

describe.each(FASTIFY_MAJORS)('a server span another instrumentation opened, on $label', ({ Fastify }) => {
  beforeEach(() => tracing.agent.clear());

  it('is enriched (renamed, route, component), not doubled', async () => {
    const outer = trace.getTracer('http-instrumentation-stand-in');
    const outerSpanIds: string[] = [];
    const handlerSpanIds: string[] = [];
    const app = Fastify({
      serverFactory: (handler) =>
        createServer((req, res) => {
          const span = outer.startSpan('web.request', { kind: SpanKind.SERVER, attributes: { component: 'http' } });
          outerSpanIds.push(span.spanContext().spanId);
          // Like instrumentation-http: the span ends on the response's 'close'.
          res.on('close', () => span.end());
          context.with(trace.setSpan(context.active(), span), () => handler(req, res));
        }),
    });
    await app.register(datadogFastify);
    app.get('/users/:id', async (request) => {
      handlerSpanIds.push(request.datadogSpan!.spanContext().spanId, trace.getActiveSpan()!.spanContext().spanId);
      return 'ok';
    });
    const base = await listen(app);
    await fetch(`${base}/users/5`);
    const [span] = await tracing.requestSpans(1);
    await app.close();
    expect(tracing.agent.spans()).toHaveLength(1);
    expect(span).toMatchObject({ name: 'fastify.request', resource: 'GET /users/:id', type: 'web' });
    expect(span!.meta).toMatchObject({ component: 'fastify', 'http.route': '/users/:id', 'http.status_code': '200' });
    expect(span!.spanId).toBe(outerSpanIds[0]);
    expect(handlerSpanIds).toEqual([span!.spanId, span!.spanId]);
  });
});
