import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterEach, describe, expect, it } from 'vitest';
import { finishRequestSpan, startNextHarness, startRequestSpan } from './harness.test-support.js';
import type { NextHarness } from './harness.test-support.js';
import { get, startNextLikeServer } from './http-server.test-support.js';
import type { NextLikeServer } from './http-server.test-support.js';

function byPath(spans: readonly DevAgentSpan[], path: string): DevAgentSpan {
  const found = spans.find((span) => span.meta['url.path'] === path);
  if (found === undefined) throw new Error(`no request span for ${path}; got ${spans.map((span) => span.meta['url.path']).join(', ')}`);
  return found;
}

/**
 * Client IP on Next's request span: Next-shaped spans started inside requests to a real HTTP
 * server on 127.0.0.1, through a dd-otel provider, decoded by the dev agent.
 */
describe('client IP on Next request spans', () => {
  let harness: NextHarness;
  let server: NextLikeServer;
  afterEach(async () => {
    await server.close();
    expect(harness.agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
    await harness.close();
  });

  async function start(...args: Parameters<typeof startNextHarness>): Promise<void> {
    harness = await startNextHarness(...args);
    server = await startNextLikeServer(harness.nextTracer);
  }

  it('clientIpEnabled: the first public address of the proxy headers, as http.client_ip and client.address', async () => {
    await start({}, { clientIpEnabled: true });
    await get(server, '/a', { 'x-forwarded-for': '10.0.0.1, 203.0.113.7', 'x-test-route': '/a' });
    const [root] = await harness.collect(1);
    expect(root!.meta).toMatchObject({ 'http.client_ip': '203.0.113.7', 'client.address': '203.0.113.7' });
  });

  it('falls back to the socket peer when no proxy header names the client', async () => {
    await start({}, { clientIpEnabled: true });
    await get(server, '/direct', { 'x-test-route': '/direct' });
    const [root] = await harness.collect(1);
    expect(root!.meta['http.client_ip']).toBe('127.0.0.1');
  });

  it("follows the tracer's setting (DD_TRACE_CLIENT_IP_ENABLED) when the option is not given", async () => {
    await start({ clientIpEnabled: true });
    await get(server, '/env', { 'x-real-ip': '198.51.100.4' });
    const [root] = await harness.collect(1);
    expect(root!.meta['http.client_ip']).toBe('198.51.100.4');
  });

  it("clientIpEnabled: false wins over the tracer's true", async () => {
    await start({ clientIpEnabled: true }, { clientIpEnabled: false });
    await get(server, '/off', { 'x-forwarded-for': '203.0.113.7' });
    const [root] = await harness.collect(1);
    expect(root!.meta['http.client_ip']).toBeUndefined();
    expect(root!.meta['client.address']).toBeUndefined();
  });

  it('is off by default', async () => {
    await start();
    await get(server, '/default', { 'x-forwarded-for': '203.0.113.7' });
    const [root] = await harness.collect(1);
    expect(root!.meta['http.client_ip']).toBeUndefined();
  });

  it('clientIpHeader: only that header is read, and a request without it gets no client IP', async () => {
    await start({ clientIpHeader: 'x-forwarded-for' }, { clientIpEnabled: true, clientIpHeader: 'X-Client-Address' });
    await get(server, '/with', { 'x-client-address': '192.168.1.2, 198.51.100.9', 'x-forwarded-for': '203.0.113.7' });
    await get(server, '/without', { 'x-forwarded-for': '203.0.113.7' });
    const spans = await harness.collect(2);
    expect(byPath(spans, '/with').meta['http.client_ip']).toBe('198.51.100.9');
    expect(byPath(spans, '/without').meta['http.client_ip']).toBeUndefined();
  });

  it("the tracer's clientIpHeader (DD_TRACE_CLIENT_IP_HEADER) applies when the option is not given", async () => {
    await start({ clientIpEnabled: true, clientIpHeader: 'x-client-address' });
    await get(server, '/tracer-header', { 'x-client-address': '198.51.100.9', 'x-forwarded-for': '203.0.113.7' });
    const [root] = await harness.collect(1);
    expect(root!.meta['http.client_ip']).toBe('198.51.100.9');
  });

  it('overlapping requests each get their own address, and spans outside a request get none', async () => {
    await start({}, { clientIpEnabled: true });
    // The slow request starts its span after the fast one arrived and was handled.
    await Promise.all([
      get(server, '/slow', { 'x-forwarded-for': '203.0.113.1', 'x-test-start-delay': '150' }),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        await get(server, '/fast', { 'x-forwarded-for': '203.0.113.2' });
      })(),
    ]);
    finishRequestSpan(startRequestSpan(harness.nextTracer, 'GET', '/outside'), 'GET', 200);
    const spans = await harness.collect(3);
    expect(byPath(spans, '/slow').meta['http.client_ip']).toBe('203.0.113.1');
    expect(byPath(spans, '/fast').meta['http.client_ip']).toBe('203.0.113.2');
    expect(byPath(spans, '/outside').meta['http.client_ip']).toBeUndefined();
  });

  it('requests one after another on a kept-alive connection each get their own address', async () => {
    await start({}, { clientIpEnabled: true });
    // fetch reuses the connection between the two requests.
    await get(server, '/first', { 'x-forwarded-for': '203.0.113.11' });
    await get(server, '/second', {});
    const spans = await harness.collect(2);
    expect(byPath(spans, '/first').meta['http.client_ip']).toBe('203.0.113.11');
    expect(byPath(spans, '/second').meta['http.client_ip']).toBe('127.0.0.1');
  });
});
