import { context, propagation, trace } from '../internal/otel-api.js';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import type { DatadogOptions } from '../config/options.js';
import { DatadogContextManager } from '../provider/context-manager.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

let contextManagerReady = false;

/** Makes `trace.getActiveSpan()` work in tests that use a provider without registering it. */
export function ensureContextManager(): void {
  if (contextManagerReady) return;
  context.setGlobalContextManager(new DatadogContextManager().enable());
  contextManagerReady = true;
}

export interface Harness {
  agent: DevAgent;
  provider: DatadogTracerProvider;
  tracer: ReturnType<DatadogTracerProvider['getTracer']>;
  /** Flushes the provider, waits until the dev agent decoded `count` more spans, returns those. */
  collect(count: number): Promise<DevAgentSpan[]>;
  close(): Promise<void>;
}

/** A real dev agent on a free loopback port and a provider that sends to it. */
export async function startHarness(options: DatadogOptions = {}): Promise<Harness> {
  ensureContextManager();
  const agent = await startDevAgent({ port: 0 });
  const provider = new DatadogTracerProvider({ url: agent.url, service: 'test-service', ...options });
  let seen = 0;
  return {
    agent,
    provider,
    tracer: provider.getTracer('harness', '1.0.0'),
    async collect(count) {
      await provider.forceFlush();
      await agent.waitForSpans(seen + count);
      const fresh = agent.spans().slice(seen);
      seen += fresh.length;
      return fresh;
    },
    async close() {
      await provider.shutdown();
      await agent.close();
    },
  };
}

/** Undo global registrations made by a test. */
export function resetGlobals(): void {
  trace.disable();
  propagation.disable();
}

export function byName(spans: DevAgentSpan[], name: string): DevAgentSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span named ${name}; got ${spans.map((s) => s.name).join(', ')}`);
  return span;
}
