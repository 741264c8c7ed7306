import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { getInitializedProvider, init } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { get, startNextLikeServer } from './http-server.test-support.js';
import { registerDatadog } from './register-datadog.js';

/**
 * One process per test file: a provider registered before `registerDatadog` (as `--import
 * @dd-otel/core/register` does from DD_* variables), whose settings the web options override.
 */
describe('registerDatadog web options under an already registered dd-otel provider', () => {
  let agent: DevAgent;
  const warnings: string[] = [];
  beforeAll(async () => {
    agent = await startDevAgent({ port: 0 });
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    vi.stubEnv('DD_TRACE_CLIENT_IP_ENABLED', 'true');
    vi.stubEnv('DD_TRACE_RESOURCE_RENAMING_ENABLED', 'false');
    init({ url: agent.url, service: 'preloaded' });
  });
  afterAll(async () => {
    await getInitializedProvider()?.shutdown();
    await agent.close();
    vi.unstubAllEnvs();
    diag.disable();
  });

  it('wins over the variables for Next spans, without the "options are ignored" warning', async () => {
    expect(getInitializedProvider()!.config).toMatchObject({ clientIpEnabled: true, resourceRenamingEnabled: false });
    const logger = { warn: (message: string) => warnings.push(message), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    await registerDatadog({ clientIpEnabled: false, resourceRenamingEnabled: true });
    expect(warnings.filter((message) => message.includes('@dd-otel/next'))).toEqual([]);

    const server = await startNextLikeServer(trace.getTracer('next.js', '16.4.6'));
    try {
      await get(server, '/missing/12345', { 'x-forwarded-for': '203.0.113.7' });
    } finally {
      await server.close();
    }
    await getInitializedProvider()!.forceFlush();
    const [decoded] = await agent.waitForSpans(1);
    expect(decoded).toMatchObject({ name: 'next.request', service: 'preloaded' });
    expect(decoded!.meta['http.client_ip']).toBeUndefined();
    expect(decoded!.meta['http.endpoint']).toBe('/missing/{param:int}');
  });
});
