import { context, propagation, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag } from '../config/diag-capture.test-support.js';
import type { DiagCapture } from '../config/diag-capture.test-support.js';
import { ensureTracerProvider, getInitializedProvider, getRegisteredTracerProvider, init } from '../init.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

/**
 * Registering twice, or next to another OpenTelemetry provider: one clear warning, and a
 * defined winner (the provider registered first keeps the API globals).
 */

const INIT_SLOT = Symbol.for('@dd-otel/core.provider');
let agent: DevAgent;
let diagnostics: DiagCapture;
const created: Array<{ shutdown(): Promise<void> }> = [];

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
});
afterAll(async () => {
  await agent.close();
});
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(async () => {
  for (const provider of created.splice(0)) await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
  diagnostics.restore();
  delete (globalThis as Record<symbol, unknown>)[INIT_SLOT];
});

function datadogProvider(service: string): DatadogTracerProvider {
  const provider = new DatadogTracerProvider({ url: agent.url, service, flushInterval: 60_000 });
  created.push(provider);
  return provider;
}

function sdkProvider(): { provider: BasicTracerProvider; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  created.push(provider);
  return { provider, exporter };
}

const registrationWarnings = () => diagnostics.warnings.filter((message) => message.includes('already registered'));

describe('DatadogTracerProvider.register()', () => {
  it('is idempotent for the same provider: true each time, no warning', () => {
    const provider = datadogProvider('first');
    expect(provider.register()).toBe(true);
    expect(provider.register()).toBe(true);
    expect(getRegisteredTracerProvider()).toBe(provider);
    expect(diagnostics.warnings).toEqual([]);
  });

  it('leaves the first dd-otel provider in charge when a second one registers, with one warning', async () => {
    const first = datadogProvider('first');
    const second = datadogProvider('second');
    first.register();
    expect(second.register()).toBe(false);
    expect(registrationWarnings()).toHaveLength(1);
    expect(registrationWarnings()[0]).toContain('@dd-otel/core');

    trace.getTracer('app').startSpan('after.second.register').end();
    await first.forceFlush();
    const span = await agent.waitFor((spans) => spans.find((candidate) => candidate.name === 'after.second.register'));
    expect(span.service).toBe('first');
  });
});

describe('next to the OpenTelemetry SDK', () => {
  it("init() after the app registered the SDK's provider: one warning, the SDK keeps the spans", () => {
    const sdk = sdkProvider();
    expect(trace.setGlobalTracerProvider(sdk.provider)).toBe(true);

    const datadog = init({ url: agent.url, service: 'late-init', flushInterval: 60_000 });
    created.push(datadog);
    expect(registrationWarnings()).toHaveLength(1);
    expect(getRegisteredTracerProvider()).toBe(sdk.provider);
    // Framework plugins use whatever provider the app registered.
    expect(ensureTracerProvider()).toBe(sdk.provider);

    trace.getTracer('app').startSpan('goes.to.sdk').end();
    expect(sdk.exporter.getFinishedSpans().map((span) => span.name)).toEqual(['goes.to.sdk']);
  });

  it('the SDK cannot take over once dd-otel is registered: the API refuses and reports it', () => {
    const datadog = datadogProvider('registered-first');
    datadog.register();
    const sdk = sdkProvider();
    expect(trace.setGlobalTracerProvider(sdk.provider)).toBe(false);
    expect(diagnostics.errors.some((message) => message.includes('duplicate registration of API: trace'))).toBe(true);
    expect(getRegisteredTracerProvider()).toBe(datadog);
  });
});

describe('init() twice', () => {
  it('returns the first provider; a second call with options warns once that they were ignored', () => {
    const first = init({ url: agent.url, service: 'init-once', flushInterval: 60_000 });
    created.push(first);
    expect(init()).toBe(first);
    expect(diagnostics.warnings).toEqual([]);
    expect(init({ service: 'other' })).toBe(first);
    expect(diagnostics.warnings.filter((message) => message.includes('options of this call are ignored'))).toHaveLength(1);
    expect(first.config.service).toBe('init-once');
    expect(getInitializedProvider()).toBe(first);
  });
});
