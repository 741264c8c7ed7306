import { context, trace } from '@opentelemetry/api';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterEach, describe, expect, it } from 'vitest';
import { finishRequestSpan, startNextHarness, startNextSpan, startRequestSpan } from './harness.test-support.js';
import type { NextHarness } from './harness.test-support.js';
import { get, startNextLikeServer } from './http-server.test-support.js';

function byPath(spans: readonly DevAgentSpan[], path: string): DevAgentSpan {
  const found = spans.find((span) => span.meta['url.path'] === path);
  if (found === undefined) throw new Error(`no request span for ${path}; got ${spans.map((span) => span.meta['url.path']).join(', ')}`);
  return found;
}

/** `http.endpoint` on Next request spans that matched no route, decoded by the dev agent. */
describe('resource renaming on Next request spans', () => {
  let harness: NextHarness;
  afterEach(async () => {
    expect(harness.agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
    await harness.close();
  });

  /** A 404 as Next 16 traces it: no route on the request span, the not-found page on a child. */
  function notFound(target: string): void {
    const request = startRequestSpan(harness.nextTracer, 'GET', target);
    context.with(trace.setSpan(context.active(), request), () => {
      startNextSpan(harness.nextTracer, 'NextNodeServer.findPageComponents', 'resolve page components', {
        attributes: { 'next.route': '/_not-found' },
      }).end();
    });
    finishRequestSpan(request, 'GET', 404);
  }

  it('resourceRenamingEnabled: a request no route matched gets http.endpoint over real HTTP; a routed one does not', async () => {
    harness = await startNextHarness({}, { resourceRenamingEnabled: true });
    const server = await startNextLikeServer(harness.nextTracer);
    try {
      expect(await get(server, '/orders/12345/items/deadbeef1234?page=2')).toBe(404);
      expect(await get(server, '/blog/12345', { 'x-test-route': '/blog/[slug]' })).toBe(200);
    } finally {
      await server.close();
    }
    const spans = await harness.collect(2);
    const unrouted = byPath(spans, '/orders/12345/items/deadbeef1234');
    expect(unrouted).toMatchObject({ resource: 'GET', error: 0 });
    expect(unrouted.meta['http.endpoint']).toBe('/orders/{param:int}/items/{param:hex}');
    expect(unrouted.meta['http.route']).toBeUndefined();
    const routed = byPath(spans, '/blog/12345');
    expect(routed).toMatchObject({ resource: 'GET /blog/[slug]' });
    expect(routed.meta['http.endpoint']).toBeUndefined();
  });

  it("a 404 named after Next's not-found page keeps that resource and gets http.endpoint", async () => {
    harness = await startNextHarness({}, { resourceRenamingEnabled: true });
    notFound('/users/123456');
    const spans = await harness.collect(2);
    const root = byPath(spans, '/users/123456');
    expect(root).toMatchObject({ resource: 'GET /_not-found' });
    expect(root.meta['http.endpoint']).toBe('/users/{param:int}');
  });

  it("follows the tracer's setting (DD_TRACE_RESOURCE_RENAMING_ENABLED) when the option is not given", async () => {
    harness = await startNextHarness({ resourceRenamingEnabled: true });
    notFound('/users/42');
    const spans = await harness.collect(2);
    expect(byPath(spans, '/users/42').meta['http.endpoint']).toBe('/users/{param:int}');
  });

  it("resourceRenamingEnabled: false wins over the tracer's true, and renaming is off by default", async () => {
    harness = await startNextHarness({ resourceRenamingEnabled: true }, { resourceRenamingEnabled: false });
    notFound('/users/42');
    const [first] = (await harness.collect(2)).filter((span) => span.meta['url.path'] === '/users/42');
    expect(first!.meta['http.endpoint']).toBeUndefined();
    await harness.close();

    harness = await startNextHarness();
    notFound('/users/43');
    const [second] = (await harness.collect(2)).filter((span) => span.meta['url.path'] === '/users/43');
    expect(second!.meta['http.endpoint']).toBeUndefined();
  });

  it('leaves build output (grouped under /_next/static/*) and an http.endpoint already set alone', async () => {
    harness = await startNextHarness({}, { resourceRenamingEnabled: true });
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/_next/static/chunks/0a1b2c3d.js'), 'GET', 200);
    const custom = startRequestSpan(harness.nextTracer, 'GET', '/legacy/99');
    custom.setAttribute('http.endpoint', '/legacy/{id}');
    finishRequestSpan(custom, 'GET', 404);
    const spans = await harness.collect(2);
    expect(byPath(spans, '/_next/static/chunks/0a1b2c3d.js').meta['http.endpoint']).toBeUndefined();
    expect(byPath(spans, '/legacy/99').meta['http.endpoint']).toBe('/legacy/{id}');
  });
});
