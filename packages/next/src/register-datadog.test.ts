import { SpanKind, trace } from '@opentelemetry/api';
import { getInitializedProvider } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDatadog } from './register-datadog.js';
import { getRegisteredTracerProvider as registeredTracerProvider } from '@dd-otel/core';
import { get, startNextLikeServer } from './http-server.test-support.js';
import { nextTracingState } from './shared-state.js';

/** One process per test file: this file owns the process-wide provider `registerDatadog` creates. */
describe('registerDatadog in the Node.js runtime', () => {
  let agent: DevAgent;
  beforeAll(async () => {
    agent = await startDevAgent({ port: 0 });
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
  });
  afterAll(async () => {
    await getInitializedProvider()?.shutdown();
    await agent.close();
    vi.unstubAllEnvs();
  });

  it('rejects with a TypeError naming a bad Next option, before registering anything', async () => {
    await expect(registerDatadog({ operationName: 'request' as never })).rejects.toThrow(/"operationName"/);
    expect(registeredTracerProvider()).toBeUndefined();
  });

  it('rejects with the TypeError @dd-otel/core throws for a bad core option', async () => {
    await expect(registerDatadog({ sampleRate: 2 })).rejects.toThrow(TypeError);
    await expect(registerDatadog({ sampleRate: 2 })).rejects.toThrow(/sampleRate/);
    expect(registeredTracerProvider()).toBeUndefined();
    expect(nextTracingState().processor).toBeUndefined();
  });

  it('registers the dd-otel provider and maps the spans Next creates', async () => {
    await registerDatadog({
      url: agent.url,
      service: 'shop',
      operationName: 'web.request',
      clientIpEnabled: true,
      resourceRenamingEnabled: true,
    });
    const provider = getInitializedProvider();
    expect(provider).toBeDefined();
    expect(registeredTracerProvider()).toBe(provider);

    const span = trace.getTracer('next.js', '16.4.6').startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: { 'next.span_type': 'BaseServer.handleRequest', 'http.method': 'GET', 'http.target': '/cart' },
    });
    span.setAttributes({ 'http.status_code': 200, 'next.route': '/cart' });
    span.end();
    await provider!.forceFlush();
    const [decoded] = await agent.waitForSpans(1);
    expect(decoded).toMatchObject({ name: 'web.request', resource: 'GET /cart', service: 'shop', type: 'web' });
  });

  it('applies clientIpEnabled and resourceRenamingEnabled to request spans started inside real HTTP requests', async () => {
    const provider = getInitializedProvider()!;
    expect(provider.config).toMatchObject({ clientIpEnabled: true, resourceRenamingEnabled: true });
    const server = await startNextLikeServer(trace.getTracer('next.js', '16.4.6'));
    try {
      expect(await get(server, '/nowhere/12345', { 'x-forwarded-for': '203.0.113.7' })).toBe(404);
    } finally {
      await server.close();
    }
    await provider.forceFlush();
    const decoded = (await agent.waitForSpans(2)).find((span) => span.meta['url.path'] === '/nowhere/12345');
    expect(decoded).toMatchObject({ name: 'web.request', resource: 'GET' });
    expect(decoded!.meta).toMatchObject({ 'http.client_ip': '203.0.113.7', 'http.endpoint': '/nowhere/{param:int}' });
  });

  it('does nothing the second time (next dev may call register() again)', async () => {
    const processor = nextTracingState().processor;
    const provider = getInitializedProvider();
    await registerDatadog({ url: agent.url, service: 'other' });
    expect(nextTracingState().processor).toBe(processor);
    expect(getInitializedProvider()).toBe(provider);
    expect(provider!.config.service).toBe('shop');
  });
});
