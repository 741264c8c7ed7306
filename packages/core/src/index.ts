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
  PropagationBehaviorExtract,
  PropagationStyle,
  ResolvedConfig,
  SamplingRule,
} from './config/options.js';
export type { ExporterStats } from './export/exporter-stats.js';
export { VERSION } from './internal/version.js';
// Shared HTTP-server request spans for the framework plugins (express, fastify, nestjs, next).
export { createHttpServerTracing, HttpServerTracing } from './http/http-server-tracing.js';
export type { HttpServerTracingInit, BoundServerSettings } from './http/http-server-tracing.js';
export { startServerSpan } from './http/start-server-span.js';
export { finishServerSpan } from './http/finish-server-span.js';
export {
  ServerRequestState,
  getServerRequestState,
  recordServerError,
  setServerRoute,
} from './http/request-state.js';
export { validateWebPluginOptions, WEB_PLUGIN_OPTION_NAMES } from './http/web-plugin-options.js';
export type { WebPluginOptions, WebPluginHooks, CheckedWebPluginOptions } from './http/web-plugin-options.js';
export type { IgnoreRule } from './http/ignore-rules.js';
export type { HttpRequestLike, HttpResponseLike, HttpSocketLike } from './http/http-types.js';
// For plugins that enrich spans a framework started (next): the same client IP, endpoint and settings.
export { extractClientIp } from './http/client-ip.js';
export { httpEndpoint } from './http/http-endpoint.js';
export { webTracingConfig } from './http/web-config.js';
export type { WebTracingConfig } from './http/web-config.js';
