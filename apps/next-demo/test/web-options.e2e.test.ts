import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, startNext } from './next-process.js';
import type { RunningNext } from './next-process.js';
import { datadogHeaders, waitForTrace } from './trace-helpers.js';

/**
 * The demo app served by `next start` with client IP collection and resource renaming turned on
 * by their variables (the demo's `registerDatadog()` has no options): what Next's own request
 * spans then carry, as the Datadog backend sees them.
 */
describe('next start: client IP and resource renaming', () => {
  let agent: DevAgent;
  let next: RunningNext;

  beforeAll(async () => {
    agent = await startDevAgent({ port: 0 });
    await buildDemo();
    next = await startNext('start', {
      DD_TRACE_AGENT_URL: agent.url,
      DD_SERVICE: 'next-demo',
      DD_TRACE_FLUSH_INTERVAL: '100',
      DD_TRACE_CLIENT_IP_ENABLED: 'true',
      DD_TRACE_RESOURCE_RENAMING_ENABLED: 'true',
    });
    // `next start` listens before register() has run (NextNodeServer fires prepare() without
    // awaiting it; requests await it): a request Node announced before register() subscribed has
    // no client IP, as @dd-otel/next's README says. One request first, so none races it below.
    await (await fetch(next.baseUrl + '/')).text();
  });

  afterAll(async () => {
    await next?.stop();
    await agent?.close();
  });

  /**
   * GET with fresh Datadog headers plus `headers`; returns the request span continuing them and
   * every request span of the trace (a 404 has two: Next renders its not-found page in a second).
   */
  async function traced(
    path: string,
    headers: Record<string, string>,
    roots = 1,
  ): Promise<{ status: number; root: DevAgentSpan; roots: DevAgentSpan[] }> {
    const trace = datadogHeaders();
    const response = await fetch(next.baseUrl + path, { headers: { ...trace.headers, ...headers }, redirect: 'manual' });
    await response.text();
    const servers = (await waitForTrace(agent, trace.traceId, roots)).filter((span) => span.meta['span.kind'] === 'server');
    const root = servers.find((span) => span.parentId === trace.parentId);
    if (root === undefined) throw new Error(`no request span continuing ${trace.parentId}`);
    return { status: response.status, root, roots: servers };
  }

  it('routed page: http.client_ip and client.address from X-Forwarded-For, no http.endpoint', async () => {
    const { status, root } = await traced('/blog/hello-world', { 'x-forwarded-for': '10.1.2.3, 203.0.113.7' });
    expect(status).toBe(200);
    expect(root).toMatchObject({ name: 'next.request', resource: 'GET /blog/[slug]' });
    expect(root.meta).toMatchObject({ 'http.client_ip': '203.0.113.7', 'client.address': '203.0.113.7' });
    expect(root.meta['http.endpoint']).toBeUndefined();
  });

  it('404: http.endpoint from the path, no http.route, the client IP from the socket without proxy headers', async () => {
    const { status, root } = await traced('/nowhere/12345?x=1', {});
    expect(status).toBe(404);
    expect(root).toMatchObject({ resource: 'GET /_not-found', error: 0 });
    expect(root.meta['http.endpoint']).toBe('/nowhere/{param:int}');
    expect(root.meta['http.route']).toBeUndefined();
    expect(root.meta['http.client_ip']).toBe('127.0.0.1');
  });

  it("a request the app makes to itself while handling one gets its own client IP, not its caller's", async () => {
    const { status, root: outer, roots } = await traced('/chain', { 'x-forwarded-for': '198.51.100.23' }, 2);
    expect(status).toBe(200);
    const inner = roots.find((span) => span !== outer);
    expect(outer).toMatchObject({ resource: 'GET /chain' });
    expect(outer!.meta['http.client_ip']).toBe('198.51.100.23');
    expect(inner).toMatchObject({ resource: 'GET /api/users/[id]' });
    expect(inner!.meta['http.client_ip']).toBe('127.0.0.1');
  });

  it('route handler: the Forwarded header is read too', async () => {
    const { root } = await traced('/api/users/42', { forwarded: 'for="[2001:db8:cafe::17]:4711";proto=https' });
    expect(root).toMatchObject({ resource: 'GET /api/users/[id]' });
    expect(root.meta['http.client_ip']).toBe('2001:db8:cafe::17');
    expect(root.meta['http.endpoint']).toBeUndefined();
  });

  it("Edge route handler: Next's Node.js request span gets the client IP; no route, so http.endpoint too", async () => {
    const { status, root } = await traced('/api/edge', { 'x-real-ip': '198.51.100.77' });
    expect(status).toBe(200);
    expect(root).toMatchObject({ resource: 'GET' });
    expect(root.meta).toMatchObject({ 'http.client_ip': '198.51.100.77', 'http.endpoint': '/api/edge' });
  });

  it('the agent accepted every payload', () => {
    expect(agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
  });
});
