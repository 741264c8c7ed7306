// The providers span-bench compares. Each setup registers itself as the global OTel provider and
// returns how to flush it and what it counted itself (for exporters that have no wire).
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';

const require = createRequire(import.meta.url);

/** Provider ids in table order, with labels. */
export const SPAN_PROVIDERS = [
  { id: 'noop', label: '(a) @opentelemetry/api, no provider (floor)' },
  { id: 'dd-otel', label: '(b) dd-otel → stand-in Agent (v0.4)' },
  { id: 'dd-otel-v05', label: '(b5) dd-otel → stand-in Agent (v0.5)' },
  { id: 'otel-noop', label: '(c) OTel SDK + BatchSpanProcessor + no-op exporter' },
  { id: 'otel-otlp', label: '(d) OTel SDK + OTLP/proto → stand-in sink' },
  { id: 'dd-trace', label: '(e) dd-trace@5 TracerProvider → stand-in Agent' },
];

async function otelSdk(exporter) {
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return provider;
}

async function ddOtel(agentUrl, protocolVersion) {
  const { DatadogTracerProvider } = await import('@dd-otel/core');
  // BENCH_DD_OTEL_OPTIONS (JSON) adds options for what-if runs, e.g. '{"maxQueuedBytes":4194304}'.
  const extra = process.env.BENCH_DD_OTEL_OPTIONS ? JSON.parse(process.env.BENCH_DD_OTEL_OPTIONS) : {};
  const provider = new DatadogTracerProvider({ url: agentUrl, service: 'span-bench', protocolVersion, ...extra });
  provider.register();
  return {
    flush: () => provider.forceFlush(),
    selfCounted: () => undefined,
    exporterStats: () => provider.getStats(),
  };
}

/** Sets up provider `id`; returns `{ flush(), selfCounted(), exporterStats() }`. */
export async function setUpProvider(id, { agentUrl, otlpUrl }) {
  switch (id) {
    case 'noop':
      return { flush: async () => {}, selfCounted: () => undefined, exporterStats: () => undefined };
    case 'dd-otel':
      return ddOtel(agentUrl, '0.4');
    case 'dd-otel-v05':
      return ddOtel(agentUrl, '0.5');
    case 'otel-noop': {
      let exported = 0;
      const provider = await otelSdk({
        export(spans, done) {
          exported += spans.length;
          done({ code: 0 });
        },
        shutdown: async () => {},
        forceFlush: async () => {},
      });
      return { flush: () => provider.forceFlush(), selfCounted: () => exported, exporterStats: () => undefined };
    }
    case 'otel-otlp': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
      const provider = await otelSdk(new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }));
      return { flush: () => provider.forceFlush(), selfCounted: () => undefined, exporterStats: () => undefined };
    }
    case 'dd-trace': {
      // dd-trace's defaults, except the Agent address; flushInterval 2000 is its default too.
      const tracer = require('dd-trace').init({ flushInterval: 2000, url: agentUrl });
      new tracer.TracerProvider().register();
      return {
        flush: () => new Promise((resolve) => tracer._tracer._exporter.flush(() => resolve())),
        selfCounted: () => undefined,
        exporterStats: () => undefined,
      };
    }
    default:
      throw new TypeError(`unknown span provider ${JSON.stringify(id)}`);
  }
}
