import { describe, expect, it } from 'vitest';
import { FASTIFY_MAJORS } from './harness.test-support.js';
import { useServedTestApp, useTestTracing } from './traced-test-app.test-support.js';

const tracing = useTestTracing();

describe.each(FASTIFY_MAJORS)('request spans on $label', ({ Fastify }) => {
  const served = useServedTestApp(Fastify, tracing);

  it('gives a route one fastify.request server span with Datadog and OTel semconv tags', async () => {
    const response = await fetch(`${served.base}/hello?name=x`, { headers: { 'user-agent': 'test-agent/1.0' } });
    expect(await response.text()).toBe('hello');
    const [span] = await tracing.requestSpans(1);
    expect(span).toMatchObject({ name: 'fastify.request', resource: 'GET /hello', type: 'web', error: 0, service: 'fastify-test' });
    expect(span!.meta).toMatchObject({
      component: 'fastify',
      'span.kind': 'server',
      'http.method': 'GET',
      'http.request.method': 'GET',
      'http.url': `${served.base}/hello?name=x`,
      'url.path': '/hello',
      'url.query': 'name=x',
      'url.scheme': 'http',
      'http.route': '/hello',
      'http.status_code': '200',
      'http.useragent': 'test-agent/1.0',
      'user_agent.original': 'test-agent/1.0',
      'server.address': '127.0.0.1',
      'network.peer.address': '127.0.0.1',
      'network.protocol.version': '1.1',
    });
    expect(span!.metrics).toMatchObject({ 'http.response.status_code': 200 });
    expect(span!.parentId).toBe('0000000000000000');
  });

  it('names the resource after the route template, with the prefixes of encapsulated plugins', async () => {
    await fetch(`${served.base}/api/users/42`);
    await fetch(`${served.base}/api/nested/items/7`);
    const spans = await tracing.requestSpans(2);
    expect(spans.map((span) => span.resource).sort()).toEqual(['GET /api/nested/items/:itemId', 'GET /api/users/:id']);
    expect(spans.map((span) => span.meta['http.route']).sort()).toEqual(['/api/nested/items/:itemId', '/api/users/:id']);
    expect(spans.map((span) => span.meta['url.path']).sort()).toEqual(['/api/nested/items/7', '/api/users/42']);
  });

  it('names a 404 after the method alone and does not flag it', async () => {
    const response = await fetch(`${served.base}/no/such/path/123`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    const [span] = await tracing.requestSpans(1);
    expect(span).toMatchObject({ resource: 'DELETE', error: 0 });
    expect(span!.meta['http.status_code']).toBe('404');
    expect(span!.meta['http.route']).toBeUndefined();
  });

  it('continues an incoming W3C trace and parents spans started in the handler', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await fetch(`${served.base}/child`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
    const [request] = await tracing.requestSpans(1);
    const spans = await tracing.agent.waitFor((all) => (all.length >= 2 ? all : undefined));
    const child = spans.find((span) => span.name === 'child.work');
    expect(request!.traceId128).toBe(traceId);
    expect(request!.parentId).toBe(parentId);
    expect(child!.parentId).toBe(request!.spanId);
    expect(child!.traceId).toBe(request!.traceId);
    expect(child!.meta['request.span.id']).toBe(request!.spanId);
  });

  it('answers HEAD and OPTIONS requests with spans named by their method', async () => {
    await fetch(`${served.base}/hello`, { method: 'HEAD' });
    const [span] = await tracing.requestSpans(1);
    expect(span).toMatchObject({ resource: 'HEAD /hello' });
  });

  it('leaves no span open and ends none twice', async () => {
    await Promise.all([fetch(`${served.base}/hello`), fetch(`${served.base}/api/users/1`), fetch(`${served.base}/nope`)]);
    await tracing.requestSpans(3);
    expect(tracing.openSpans()).toEqual([]);
    expect(tracing.endedTwice()).toEqual([]);
  });
});
