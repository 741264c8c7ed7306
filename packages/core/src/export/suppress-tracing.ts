import { createContextKey } from '../internal/otel-api.js';
import type { Context } from '@opentelemetry/api';

/**
 * The same key `@opentelemetry/core` uses. `createContextKey` is `Symbol.for(description)`, so
 * both packages read and write one context entry: a context we suppress is suppressed for
 * third-party instrumentations (e.g. instrumentation-http), and theirs is suppressed for us.
 */
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** A copy of `context` in which instrumentations must not create spans. */
export function suppressTracing(context: Context): Context {
  return context.setValue(SUPPRESS_TRACING_KEY, true);
}

/** A copy of `context` with suppression lifted. */
export function unsuppressTracing(context: Context): Context {
  return context.deleteValue(SUPPRESS_TRACING_KEY);
}

/** Whether spans must not be created in `context` (ours or `@opentelemetry/core`'s flag). */
export function isTracingSuppressed(context: Context): boolean {
  return context.getValue(SUPPRESS_TRACING_KEY) === true;
}
