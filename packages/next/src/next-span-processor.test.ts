import { context, SpanKind, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { finishRequestSpan, spanNamed, startNextHarness, startNextSpan, startRequestSpan } from './harness.test-support.js';
import type { NextHarness } from './harness.test-support.js';

/** Hand-made spans shaped like Next 16's, through a real dd-otel provider, decoded by the dev agent. */
describe('NextSpanProcessor with a dd-otel provider', () => {
  let harness: NextHarness;
  afterEach(async () => {
    expect(harness.agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
    await harness.close();
  });

  it('maps the request span to next.request with a route resource and both HTTP vocabularies', async () => {
    harness = await startNextHarness({ queryStringObfuscation: /token=[^&]*/ });
    const request = startRequestSpan(harness.nextTracer, 'GET', '/blog/hello-world?token=abc&page=2');
    context.with(trace.setSpan(context.active(), request), () => {
      const render = startNextSpan(harness.nextTracer, 'AppRender.getBodyResult', 'render route (app) /blog/[slug]', {
        attributes: { 'next.route': '/blog/[slug]' },
      });
      context.with(trace.setSpan(context.active(), render), () => {
        harness.appTracer.startActiveSpan('blog.load_post', (custom) => custom.end());
      });
      render.end();
    });
    finishRequestSpan(request, 'GET', 200, '/blog/[slug]');

    const spans = await harness.collect(3);
    const root = spanNamed(spans, 'next.request');
    expect(root).toMatchObject({ resource: 'GET /blog/[slug]', type: 'web', error: 0, service: 'next-test' });
    expect(root.parentId).toBe('0000000000000000');
    expect(root.meta).toMatchObject({
      component: 'next',
      'span.kind': 'server',
      'http.method': 'GET',
      'http.request.method': 'GET',
      'http.status_code': '200',
      'http.route': '/blog/[slug]',
      'next.route': '/blog/[slug]',
      'next.page': '/blog/[slug]',
      'url.path': '/blog/hello-world',
      'url.query': '<redacted>&page=2',
      'http.target': '/blog/hello-world?<redacted>&page=2',
    });
    expect(root.metrics['http.response.status_code']).toBe(200);
    expect(root.meta['resource.name']).toBeUndefined();

    const render = spanNamed(spans, 'next.app_render.get_body_result');
    expect(render).toMatchObject({ resource: 'render route (app) /blog/[slug]', parentId: root.spanId, type: '' });
    expect(render.meta.component).toBe('next');
    const custom = spanNamed(spans, 'blog.load_post');
    expect(custom.parentId).toBe(render.spanId);
    expect(custom.traceId).toBe(root.traceId);
    expect(custom.meta.component).toBeUndefined();
  });

  it('offers web.request as the request operation name', async () => {
    harness = await startNextHarness({ operationName: 'web.request' });
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'POST', '/api/users/1'), 'POST', 201, '/api/users/[id]/route');
    const [root] = await harness.collect(1);
    expect(root).toMatchObject({ name: 'web.request', resource: 'POST /api/users/[id]' });
    expect(root!.meta['http.route']).toBe('/api/users/[id]');
  });

  it('names a request without a route by its method only, never the raw path', async () => {
    harness = await startNextHarness();
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/users/123456'), 'GET', 200);
    const [root] = await harness.collect(1);
    expect(root).toMatchObject({ name: 'next.request', resource: 'GET' });
    expect(root!.meta['http.route']).toBeUndefined();
    expect(root!.meta['url.path']).toBe('/users/123456');
  });

  it("names a 404 after the page Next rendered for it, without claiming it as http.route", async () => {
    harness = await startNextHarness();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/does-not-exist');
    context.with(trace.setSpan(context.active(), request), () => {
      startNextSpan(harness.nextTracer, 'NextNodeServer.findPageComponents', 'resolve page components', {
        attributes: { 'next.route': '/_not-found' },
      }).end();
    });
    finishRequestSpan(request, 'GET', 404);
    const spans = await harness.collect(2);
    const root = spanNamed(spans, 'next.request');
    expect(root).toMatchObject({ resource: 'GET /_not-found', error: 0 });
    expect(root.meta['next.page']).toBe('/_not-found');
    expect(root.meta['http.route']).toBeUndefined();
    expect(root.meta['http.status_code']).toBe('404');
  });

  it('groups build output under GET /_next/static/*', async () => {
    harness = await startNextHarness();
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/_next/static/chunks/0a1b2c3d.js'), 'GET', 200);
    const [root] = await harness.collect(1);
    expect(root!.resource).toBe('GET /_next/static/*');
  });

  it('marks a 5xx without an exception as an error with error.type = status', async () => {
    harness = await startNextHarness();
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/api/flaky'), 'GET', 503, '/api/flaky');
    const [root] = await harness.collect(1);
    expect(root).toMatchObject({ error: 1, resource: 'GET /api/flaky' });
    expect(root!.meta['error.type']).toBe('503');
    expect(root!.meta['http.status_code']).toBe('503');
  });

  it('follows DD_TRACE_HTTP_SERVER_ERROR_STATUSES for statuses Next does not flag', async () => {
    harness = await startNextHarness({ httpServerErrorStatuses: '400-599' });
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/api/users/x'), 'GET', 422, '/api/users/[id]');
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/'), 'GET', 302, '/');
    const spans = await harness.collect(2);
    const failed = spans.find((span) => span.meta['http.status_code'] === '422')!;
    expect(failed).toMatchObject({ error: 1 });
    expect(failed.meta['error.type']).toBe('422');
    expect(spans.find((span) => span.meta['http.status_code'] === '302')!.error).toBe(0);
  });

  it("maps Next's fetch span to an http.request client span with an obfuscated URL", async () => {
    harness = await startNextHarness({ queryStringObfuscation: /token=[^&]*/ });
    const fetchSpan = startNextSpan(harness.nextTracer, 'AppRender.fetch', 'fetch GET https://api.example.com/v1/items?token=s3cret', {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.url': 'https://user:pw@api.example.com/v1/items?token=s3cret',
        'http.method': 'GET',
        'net.peer.name': 'api.example.com',
        'net.peer.port': '8443',
      },
    });
    fetchSpan.setAttributes({ 'http.status_code': 200, 'next.fetch.cache_status': 'skip' });
    fetchSpan.end();
    const [span] = await harness.collect(1);
    expect(span).toMatchObject({ name: 'http.request', resource: 'GET', type: 'http' });
    expect(span!.meta).toMatchObject({
      component: 'fetch',
      'span.kind': 'client',
      'http.url': 'https://api.example.com/v1/items?<redacted>',
      'url.full': 'https://api.example.com/v1/items?<redacted>',
      'out.host': 'api.example.com',
      'server.address': 'api.example.com',
      'http.status_code': '200',
      'http.request.method': 'GET',
    });
    expect(span!.metrics).toMatchObject({ 'server.port': 8443, 'http.response.status_code': 200 });
  });

  it('leaves spans that are not Next spans alone', async () => {
    harness = await startNextHarness();
    const foreign = harness.appTracer.startSpan('checkout', { attributes: { 'next.span_type': 'BaseServer.handleRequest' } });
    foreign.end();
    const [span] = await harness.collect(1);
    expect(span).toMatchObject({ name: 'checkout', resource: 'checkout' });
    expect(span!.meta.component).toBeUndefined();
  });
});
