import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, startNext } from './next-process.js';
import type { RunningNext } from './next-process.js';
import { datadogHeaders, descendsFrom, eventsOf, named, waitForTrace, w3cHeaders } from './trace-helpers.js';

/**
 * The real demo app, built once with `next build` and served by `next start`, traced by
 * @dd-otel/next into a dev agent. Every scenario sends its own trace id, so its spans are found
 * by trace and checked as the Datadog backend would see them.
 */
describe('next start: the demo app in Datadog', () => {
  let agent: DevAgent;
  let next: RunningNext;

  beforeAll(async () => {
    agent = await startDevAgent({ port: 0 });
    await buildDemo();
    next = await startNext('start', {
      DD_TRACE_AGENT_URL: agent.url,
      DD_SERVICE: 'next-demo',
      DD_ENV: 'e2e',
      DD_TRACE_FLUSH_INTERVAL: '100',
    });
  });

  afterAll(async () => {
    await next?.stop();
    await agent?.close();
  });

  /** GET with fresh Datadog headers; returns the request span and the rest of the trace. */
  async function traced(path: string, roots = 1): Promise<{ status: number; root: DevAgentSpan; spans: DevAgentSpan[]; parentId: string }> {
    const { headers, traceId, parentId } = datadogHeaders();
    const response = await fetch(next.baseUrl + path, { headers, redirect: 'manual' });
    await response.text();
    const spans = await waitForTrace(agent, traceId, roots);
    const root = spans.find((span) => span.meta['span.kind'] === 'server' && span.parentId === parentId);
    if (root === undefined) throw new Error(`no request span continuing ${parentId} in ${JSON.stringify(spans.map((s) => s.name))}`);
    return { status: response.status, root, spans, parentId };
  }

  it('static page: next.request, resource GET /, Datadog identity and the incoming trace continued', async () => {
    const { status, root } = await traced('/');
    expect(status).toBe(200);
    expect(root).toMatchObject({ name: 'next.request', resource: 'GET /', type: 'web', service: 'next-demo', error: 0 });
    expect(root.meta).toMatchObject({
      env: 'e2e',
      component: 'next',
      'span.kind': 'server',
      'http.method': 'GET',
      'http.status_code': '200',
      'http.route': '/',
      'url.path': '/',
    });
    expect(root.metrics['http.response.status_code']).toBe(200);
  });

  it('dynamic page: resource GET /blog/[slug], render span and a custom span nested under the request', async () => {
    const { root, spans } = await traced('/blog/hello-world?ref=home');
    expect(root).toMatchObject({ resource: 'GET /blog/[slug]' });
    expect(root.meta).toMatchObject({ 'http.route': '/blog/[slug]', 'next.page': '/blog/[slug]', 'url.query': 'ref=home' });
    const render = named(spans, 'next.app_render.get_body_result', 'render route (app) /blog/[slug]');
    expect(render.parentId).toBe(root.spanId);
    const custom = named(spans, 'blog.load_post');
    expect(custom.meta['blog.slug']).toBe('hello-world');
    expect(descendsFrom(spans, custom, root)).toBe(true);
  });

  it("route handler: the guide's snippets (active span tags, events, exceptions) under the handler span", async () => {
    const { root, spans } = await traced('/api/users/42');
    expect(root).toMatchObject({ resource: 'GET /api/users/[id]', error: 0 });
    const handler = named(spans, 'next.app_route_route_handlers.run_handler', 'executing api route (app) /api/users/[id]');
    expect(handler.parentId).toBe(root.spanId);
    expect(handler.meta['user.id']).toBe('42');

    const lookup = named(spans, 'user.lookup');
    expect(lookup.parentId).toBe(handler.spanId);
    expect(lookup).toMatchObject({ error: 0 });
    expect(lookup.meta).toMatchObject({ 'customer.tier': 'gold', 'error.type': 'TypeError', 'error.message': 'cache miss' });
    expect(lookup.metrics).toMatchObject({ 'cart.items': 3, 'cart.gift': 1 });
    const events = eventsOf(lookup);
    expect(events.map((event) => event.name)).toEqual([
      'Event With No Attributes',
      'Event With Some Attributes',
      'Event With A Timestamp',
      'exception',
    ]);
    expect(events[1]!.attributes).toEqual({
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    expect(BigInt(events[2]!.timeUnixNano)).toBeLessThan(BigInt(events[3]!.timeUnixNano));

    const query = named(spans, 'user.db_query');
    expect(query.parentId).toBe(lookup.spanId);
    expect(query).toMatchObject({ error: 1 });
    expect(query.meta['error.message']).toBe('replica timeout');
    expect(eventsOf(query)[0]!.attributes).toMatchObject({ 'retry.count': 2, 'exception.message': 'replica timeout' });
  });

  it('route handler that throws: 500, error on the request span from onRequestError', async () => {
    const { status, root, spans } = await traced('/api/boom');
    expect(status).toBe(500);
    expect(root).toMatchObject({ resource: 'GET /api/boom', error: 1 });
    expect(root.meta).toMatchObject({
      'http.status_code': '500',
      'error.type': 'RangeError',
      'error.message': 'boom from a route handler',
      'next.router_kind': 'App Router',
      'next.route_path': '/api/boom',
      'next.route_type': 'route',
    });
    expect(root.meta['error.stack']).toContain('RangeError: boom from a route handler');
    expect(eventsOf(root).map((event) => event.name)).toEqual(['exception']);
    expect(named(spans, 'next.app_route_route_handlers.run_handler').error).toBe(1);
  });

  it('server component that throws: render source and digest on the request span', async () => {
    const { status, root } = await traced('/broken');
    expect(status).toBe(500);
    expect(root).toMatchObject({ resource: 'GET /broken', error: 1 });
    expect(root.meta).toMatchObject({
      'error.message': 'server component failed',
      'next.route_type': 'render',
      'next.render_source': 'react-server-components',
    });
    expect(root.meta['next.error.digest']).toMatch(/^\d+$/);
  });

  it('server action submitted with a W3C traceparent: POST /actions continues the 128-bit trace', async () => {
    const page = await (await fetch(`${next.baseUrl}/actions`)).text();
    const actionId = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(page)?.[1];
    expect(actionId).toBeDefined();
    const form = new FormData();
    form.append(`$ACTION_ID_${actionId}`, '');
    form.append('note', 'hello from the test');
    const { headers, traceId128, parentId } = w3cHeaders();
    const response = await fetch(`${next.baseUrl}/actions`, { method: 'POST', body: form, headers: { ...headers, origin: next.baseUrl } });
    await response.text();
    expect(response.status).toBe(200);
    const spans = await waitForTrace(agent, traceId128.slice(16));
    const root = named(spans, 'next.request', 'POST /actions');
    expect(root.parentId).toBe(parentId);
    expect(root.traceId128).toBe(traceId128);
    const save = named(spans, 'note.save');
    expect(save.meta['note.text']).toBe('hello from the test');
    expect(descendsFrom(spans, save, root)).toBe(true);
  });

  it('page that fetches another route: the fetch span carries the trace into the second request', async () => {
    const { root, spans } = await traced('/chain', 2);
    expect(root.resource).toBe('GET /chain');
    const fetchSpan = named(spans, 'http.request');
    expect(fetchSpan).toMatchObject({ resource: 'GET', type: 'http' });
    expect(fetchSpan.meta).toMatchObject({ component: 'fetch', 'span.kind': 'client', 'out.host': '127.0.0.1' });
    expect(fetchSpan.meta['http.url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/users\/7\?<redacted>$/);
    expect(descendsFrom(spans, fetchSpan, root)).toBe(true);
    const inner = named(spans, 'next.request', 'GET /api/users/[id]');
    expect(inner.parentId).toBe(fetchSpan.spanId);
    expect(inner.meta['url.query']).toBe('<redacted>');
    expect(inner.meta['http.target']).toBe('/api/users/7?<redacted>');
  });

  it('Pages Router: page with getServerSideProps, API route, and an API route that throws', async () => {
    const page = await traced('/legacy');
    expect(page.root.resource).toBe('GET /legacy');
    expect(named(page.spans, 'next.render.get_server_side_props', 'getServerSideProps /legacy').parentId).toBe(page.root.spanId);

    const api = await traced('/api/legacy');
    expect(api.root).toMatchObject({ resource: 'GET /api/legacy', error: 0 });
    expect(named(api.spans, 'next.node.run_handler', 'executing api route (pages) /api/legacy').parentId).toBe(api.root.spanId);

    const failed = await traced('/api/legacy?fail=1');
    expect(failed.status).toBe(500);
    expect(failed.root).toMatchObject({ resource: 'GET /api/legacy', error: 1 });
    expect(failed.root.meta).toMatchObject({ 'error.message': 'pages api failed', 'next.router_kind': 'Pages Router' });
  });

  it('404: resource GET /_not-found, not an error, no http.route', async () => {
    const { status, root } = await traced('/does-not-exist/12345');
    expect(status).toBe(404);
    expect(root).toMatchObject({ resource: 'GET /_not-found', error: 0 });
    expect(root.meta['http.status_code']).toBe('404');
    expect(root.meta['http.route']).toBeUndefined();
  });

  it('edge route handler: the Node request span is traced (Next gives it no route), the Edge side stays silent', async () => {
    const { status, root } = await traced('/api/edge');
    expect(status).toBe(200);
    expect(root).toMatchObject({ name: 'next.request', resource: 'GET', error: 0 });
  });

  it('no resource carries a raw URL, and the agent accepted every payload', () => {
    const resources = agent.spans().filter((span) => span.name === 'next.request').map((span) => span.resource);
    expect(resources.length).toBeGreaterThanOrEqual(12);
    for (const resource of resources) expect(resource).toMatch(/^(GET|POST)( \/[A-Za-z0-9_/[\].-]*)?$/);
    expect(resources.join(' ')).not.toMatch(/hello-world|42|12345|\?/);
    expect(agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
  });
});
