/** Test support (not shipped): carriers, fake dd-otel spans, one-line inject/extract. */
import { ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter, trace as traceApi } from '@opentelemetry/api';
import type { Context, Span, SpanContext, TextMapPropagator, TraceState } from '@opentelemetry/api';
import { traceFlagsForPriority } from '../sampling/priority.js';
import type { LocalTraceData } from '../span/span-data.js';
import { createTrace } from '../sampling/trace-fixture.test-support.js';

export type Headers = Record<string, string>;

/** A context whose active span looks like one of ours (trace + spanIdHex). */
export function contextWithOurSpan(
  trace: LocalTraceData,
  spanIdHex: string,
  options: { parentSpanIdHex?: string; upstreamTraceState?: TraceState } = {},
): Context {
  const span = {
    trace,
    spanIdHex,
    parentSpanIdHex: options.parentSpanIdHex,
    spanContext: (): SpanContext => ({
      traceId: trace.traceId,
      spanId: spanIdHex,
      traceFlags: traceFlagsForPriority(trace.samplingPriority),
      traceState: options.upstreamTraceState,
    }),
  } as unknown as Span;
  return traceApi.setSpan(ROOT_CONTEXT, span);
}

/** A decided local trace with the given priority and optional tags/origin. */
export function decidedTrace(
  traceId: string,
  priority: number,
  extra: { origin?: string; tags?: Record<string, string>; mechanism?: number } = {},
): LocalTraceData {
  const trace = createTrace(traceId);
  trace.samplingPriority = priority;
  trace.samplingMechanism = extra.mechanism;
  trace.origin = extra.origin;
  Object.assign(trace.tags, extra.tags);
  return trace;
}

export function inject(propagator: TextMapPropagator, context: Context): Headers {
  const carrier: Headers = {};
  propagator.inject(context, carrier, defaultTextMapSetter);
  return carrier;
}

export function extract(propagator: TextMapPropagator, headers: Record<string, unknown>, context = ROOT_CONTEXT): Context {
  return propagator.extract(context, headers, defaultTextMapGetter);
}

export function extractSpanContext(propagator: TextMapPropagator, headers: Record<string, unknown>): SpanContext | undefined {
  return traceApi.getSpanContext(extract(propagator, headers));
}

/** Re-inject whatever was extracted (a pass-through service that starts no span). */
export function reinject(propagator: TextMapPropagator, headers: Record<string, unknown>): Headers {
  return inject(propagator, extract(propagator, headers));
}
