import { createRequire } from 'node:module';
import type * as NodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamingMode } from '../config/options.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

/**
 * `@opentelemetry/instrumentation-http`, unchanged, on top of dd-otel's provider: client and
 * server spans, propagation between them through our registered propagator, and the Datadog
 * names each naming mode gives them.
 */

const AGENT_PATHS = /^\/(v0\.[45]\/traces|info)/;

let agent: DevAgent;
let http: typeof NodeHttp;
let server: NodeHttp.Server;
let baseUrl: string;
const providers = new Map<NamingMode, DatadogTracerProvider>();
const instrumentation = new HttpInstrumentation({
  // The dev agent runs in this test process; a real Agent is another process, never traced.
  ignoreIncomingRequestHook: (request) => AGENT_PATHS.test(request.url ?? ''),
});

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
  for (const naming of ['datadog', 'otel-v2'] as const) {
    providers.set(naming, new DatadogTracerProvider({ url: agent.url, service: 'http-interop', naming, flushInterval: 60_000 }));
  }
  expect(providers.get('datadog')!.register()).toBe(true);
  registerInstrumentations({ instrumentations: [instrumentation], tracerProvider: providers.get('datadog')! });
  // Patching happens when the module is required; ESM named imports of builtins are not patched.
  http = createRequire(import.meta.url)('node:http') as typeof NodeHttp;
  server = http.createServer((request, response) => {
    response.statusCode = request.url === '/fail' ? 500 : 200;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  instrumentation.disable();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const provider of providers.values()) await provider.shutdown();
  await agent.close();
  trace.disable();
});

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** One manual parent span around a GET; returns the Datadog spans of that trace. */
async function tracedRequest(naming: NamingMode, path: string): Promise<DevAgentSpan[]> {
  const provider = providers.get(naming)!;
  instrumentation.setTracerProvider(provider);
  const parent = provider.getTracer('interop-test').startSpan('checkout.flow');
  const status = await context.with(trace.setSpan(context.active(), parent), () => get(path));
  parent.end();
  expect(status).toBe(path === '/fail' ? 500 : 200);
  const traceId = parent.spanContext().traceId;
  await provider.forceFlush();
  return agent.waitFor((spans) => {
    const inTrace = spans.filter((span) => span.traceId128 === traceId);
    return inTrace.length >= 3 ? inTrace : undefined;
  });
}

function ofKind(spans: DevAgentSpan[], kind: 'client' | 'server'): DevAgentSpan {
  const span = spans.find((candidate) => candidate.meta['span.kind'] === kind);
  if (!span) throw new Error(`no ${kind} span in ${JSON.stringify(spans.map((s) => s.name))}`);
  return span;
}

describe('instrumentation-http through dd-otel', () => {
  it('traces the client and the server call as one trace, propagated by our propagator', async () => {
    const spans = await tracedRequest('datadog', '/users/42');
    const parent = spans.find((span) => span.name === 'checkout.flow')!;
    const client = ofKind(spans, 'client');
    const server = ofKind(spans, 'server');
    expect(spans).toHaveLength(3);
    expect(client.parentId).toBe(parent.spanId);
    expect(server.parentId).toBe(client.spanId);
    expect(client.meta['_dd.integration']).toBe('otel.library');
    expect(server.meta['http.status_code']).toBe('200');
    expect(server.service).toBe('http-interop');
    // Our own export to the Agent runs with tracing suppressed: no span for it, ever.
    expect(agent.spans().filter((span) => String(span.meta['http.url'] ?? '').includes('/v0.4/traces'))).toEqual([]);
    expect(agent.problems()).toEqual([]);
  });

  it('marks a 500 server response as an error on the server span, as the instrumentation reports it', async () => {
    const spans = await tracedRequest('datadog', '/fail');
    expect(ofKind(spans, 'server').error).toBe(1);
    expect(ofKind(spans, 'server').meta['http.status_code']).toBe('500');
  });

  // The Datadog names each mode gives the instrumentation's spans (span name "GET", stable HTTP
  // semconv: `http.request.method`, `url.path`; no `http.route`, which only a framework knows).
  it.each([
    ['datadog', { client: ['GET', 'GET', ''], server: ['GET', 'GET', ''] }],
    ['otel-v2', { client: ['http.client.request', 'GET', 'http'], server: ['http.server.request', 'GET', 'web'] }],
  ] as const)('naming %s: [operation name, resource, type] per span', async (naming, expected) => {
    const spans = await tracedRequest(naming, '/users/7');
    for (const kind of ['client', 'server'] as const) {
      const span = ofKind(spans, kind);
      expect([span.name, span.resource, span.type], kind).toEqual(expected[kind]);
    }
  });

  it('creates no client span for a request made while tracing is suppressed, and the app still works', async () => {
    const { suppressTracing } = await import('@opentelemetry/core');
    instrumentation.setTracerProvider(providers.get('datadog')!);
    const status = await context.with(suppressTracing(context.active()), () => get('/quiet'));
    expect(status).toBe(200);
    await providers.get('datadog')!.forceFlush();
    // The server handles the request in a context of its own (not suppressed), so it is traced:
    // once its span arrived, a client span would have arrived with it.
    const quiet = await agent.waitFor((spans) => {
      const server = spans.find((span) => span.meta['url.path'] === '/quiet');
      return server ? spans.filter((span) => span.traceId128 === server.traceId128) : undefined;
    });
    expect(quiet.map((span) => span.meta['span.kind'])).toEqual(['server']);
    expect(quiet[0]!.parentId).toBe('0000000000000000');
  });
});
