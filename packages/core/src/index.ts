/**
 * @dd-otel/core: a Datadog tracer provider for the OpenTelemetry API.
 * @module
 */
export { init, ensureTracerProvider, getInitializedProvider, getRegisteredTracerProvider } from './init.js';
export { DatadogTracerProvider } from './provider/tracer-provider.js';
export type { SpanProcessor, ReadableSpanLike, TimedEvent } from './provider/span-processor.js';
export type {
  DatadogOptions,
  HeaderTag,
  NamingMode,
  PropagationStyle,
  ResolvedConfig,
  SamplingRule,
} from './config/options.js';
export type { ExporterStats } from './export/exporter-stats.js';
export { VERSION } from './internal/version.js';
