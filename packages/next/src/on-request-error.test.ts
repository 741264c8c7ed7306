import { context, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { finishRequestSpan, spanNamed, startNextHarness, startNextSpan, startRequestSpan } from './harness.test-support.js';
import type { NextHarness } from './harness.test-support.js';
import { onRequestError } from './on-request-error.js';

const REQUEST = { path: '/api/boom', method: 'GET', headers: { host: '127.0.0.1' } };
const ROUTE_CONTEXT = { routerKind: 'App Router', routePath: '/api/boom', routeType: 'route', revalidateReason: undefined };

interface WireEvent {
  name: string;
  attributes: Record<string, unknown>;
}

function eventsOf(span: { meta: Record<string, string>; spanEvents?: WireEvent[] }): WireEvent[] {
  if (span.meta.events !== undefined) return JSON.parse(span.meta.events) as WireEvent[];
  return span.spanEvents ?? [];
}

describe('onRequestError', () => {
  let harness: NextHarness;
  afterEach(async () => {
    expect(harness.agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
    await harness.close();
  });

  it('records the error on the request span, even when called inside a child span', async () => {
    harness = await startNextHarness();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/api/boom');
    context.with(trace.setSpan(context.active(), request), () => {
      const handler = startNextSpan(harness.nextTracer, 'AppRouteRouteHandlers.runHandler', 'executing api route (app) /api/boom');
      context.with(trace.setSpan(context.active(), handler), () => {
        onRequestError(new RangeError('boom from a route handler'), REQUEST, {
          ...ROUTE_CONTEXT,
          renderSource: 'server-rendering',
          revalidateReason: 'stale',
        });
      });
      handler.end();
    });
    // Next then answers 500 and sets `error.type: "500"`; the recorded exception must win.
    finishRequestSpan(request, 'GET', 500, '/api/boom');

    const spans = await harness.collect(2);
    const root = spanNamed(spans, 'next.request');
    expect(root).toMatchObject({ error: 1, resource: 'GET /api/boom' });
    expect(root.meta).toMatchObject({
      'error.type': 'RangeError',
      'error.message': 'boom from a route handler',
      'next.router_kind': 'App Router',
      'next.route_path': '/api/boom',
      'next.route_type': 'route',
      'next.render_source': 'server-rendering',
      'next.revalidate_reason': 'stale',
    });
    expect(root.meta['error.stack']).toContain('boom from a route handler');
    const events = eventsOf(root);
    expect(events.map((event) => event.name)).toEqual(['exception']);
    expect(events[0]!.attributes).toMatchObject({ 'exception.type': 'RangeError', 'exception.message': 'boom from a route handler' });
    expect(spanNamed(spans, 'next.app_route_route_handlers.run_handler').error).toBe(0);
  });

  it('marks the request an error even when the response was not a 5xx (the error escaped)', async () => {
    harness = await startNextHarness();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/streamed');
    context.with(trace.setSpan(context.active(), request), () => {
      onRequestError(Object.assign(new Error('late failure'), { digest: '99' }), REQUEST, {
        ...ROUTE_CONTEXT,
        routeType: 'render',
      });
    });
    finishRequestSpan(request, 'GET', 200, '/streamed');
    const [root] = await harness.collect(1);
    expect(root).toMatchObject({ error: 1 });
    expect(root!.meta).toMatchObject({ 'error.message': 'late failure', 'next.error.digest': '99', 'http.status_code': '200' });
  });

  it('uses the digest when React redacted the message', async () => {
    harness = await startNextHarness();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/broken');
    const redacted = Object.assign(
      new Error('An error occurred in the Server Components render. The specific message is omitted in production builds.'),
      { digest: '2476693663' },
    );
    context.with(trace.setSpan(context.active(), request), () => onRequestError(redacted, REQUEST, ROUTE_CONTEXT));
    finishRequestSpan(request, 'GET', 500, '/broken');
    const [root] = await harness.collect(1);
    expect(root!.meta['error.message']).toMatch(/\(digest: 2476693663\)$/);
  });

  it("ignores Next's control-flow errors (redirect, notFound)", async () => {
    harness = await startNextHarness();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/moved');
    context.with(trace.setSpan(context.active(), request), () =>
      onRequestError(Object.assign(new Error('NEXT_REDIRECT'), { digest: 'NEXT_REDIRECT;replace;/login;307;' }), REQUEST, ROUTE_CONTEXT),
    );
    finishRequestSpan(request, 'GET', 307, '/moved');
    const [root] = await harness.collect(1);
    expect(root!.error).toBe(0);
    expect(root!.meta['error.type']).toBeUndefined();
  });

  it('falls back to the active span once the request span has ended (a streamed render failing late)', async () => {
    harness = await startNextHarness();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/stream');
    let render = request;
    context.with(trace.setSpan(context.active(), request), () => {
      render = startNextSpan(harness.nextTracer, 'AppRender.getBodyResult', 'render route (app) /stream');
    });
    finishRequestSpan(request, 'GET', 200, '/stream');
    context.with(trace.setSpan(context.active(), render), () => onRequestError(new TypeError('suspense failed'), REQUEST, ROUTE_CONTEXT));
    render.end();
    const spans = await harness.collect(2);
    expect(spanNamed(spans, 'next.request').error).toBe(0);
    const failedRender = spanNamed(spans, 'next.app_render.get_body_result');
    expect(failedRender).toMatchObject({ error: 1 });
    expect(failedRender.meta['error.type']).toBe('TypeError');
  });

  it('does nothing, and never throws, without an active span or with hostile input', async () => {
    harness = await startNextHarness();
    expect(() => onRequestError(new Error('no span'), REQUEST, ROUTE_CONTEXT)).not.toThrow();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/x');
    const hostile = {
      get message(): string {
        throw new Error('getter');
      },
    };
    context.with(trace.setSpan(context.active(), request), () => {
      expect(() => onRequestError(hostile, REQUEST, null as never)).not.toThrow();
    });
    finishRequestSpan(request, 'GET', 500, '/x');
    const [root] = await harness.collect(1);
    expect(root).toMatchObject({ error: 1 });
  });
});
