import { TraceFlags, isSpanContextValid, trace as traceApi } from '../internal/otel-api.js';
import type { Context, Span, TraceState } from '@opentelemetry/api';
import { isTracingSuppressed } from '../export/suppress-tracing.js';
import { getSamplingPriority } from '../sampling/priority.js';
import type { LocalTraceData } from '../span/span-data.js';
import { buildTraceState, readDatadogMember } from './datadog-tracestate.js';
import { PARENT_ID_TAG, getExtractionExtras } from './extracted-context.js';
import { resolveRemotePriority } from './remote-parent.js';

/** Everything an injector writes, read once per `inject()` whichever styles are configured. */
export interface OutgoingTraceContext {
  /** 32 lower-hex chars. */
  readonly traceId: string;
  /** 16 lower-hex chars. */
  readonly spanId: string;
  /** For B3 `parentspanid`, when known. */
  readonly parentSpanId: string | undefined;
  /** Undefined when nobody decided (then only the `sampled` flag is sent). */
  readonly priority: number | undefined;
  readonly sampled: boolean;
  readonly origin: string | undefined;
  /** Trace tags; injectors pick the `_dd.p.*` ones. */
  readonly tags: Readonly<Record<string, string>>;
  /** The W3C tracestate to send, `dd=` member included. */
  readonly traceState: TraceState | undefined;
  /** Our local trace, to record `_dd.propagation_error` on injection problems. */
  readonly trace: LocalTraceData | undefined;
}

/** The parts of a dd-otel span that propagation reads (`DatadogSpan` has them). */
export interface DatadogSpanLike {
  readonly trace: LocalTraceData;
  readonly spanIdHex: string;
  readonly parentSpanIdHex?: string | undefined;
}

/** True for spans of our tracer: they expose their local trace and hex span id. */
export function isDatadogSpanLike(span: unknown): span is DatadogSpanLike {
  if (span === null || typeof span !== 'object') return false;
  const candidate = span as Partial<DatadogSpanLike>;
  return (
    typeof candidate.spanIdHex === 'string' &&
    candidate.trace !== null &&
    typeof candidate.trace === 'object' &&
    typeof candidate.trace.traceId === 'string'
  );
}

/**
 * The context to inject for the span in `context`: our spans are read from their live trace
 * (priority, origin, tags); any other span (e.g. a pass-through remote context) from its
 * SpanContext, `dd=` member included. Undefined when there is nothing valid to inject or
 * tracing is suppressed (exporter requests).
 */
export function readOutgoingContext(context: Context): OutgoingTraceContext | undefined {
  if (isTracingSuppressed(context)) return undefined;
  const span = traceApi.getSpan(context);
  if (span === undefined) return undefined;
  if (isDatadogSpanLike(span)) return fromOurSpan(span, span);
  return fromSpanContext(span);
}

function fromOurSpan(span: DatadogSpanLike, otelSpan: Span): OutgoingTraceContext {
  const trace = span.trace;
  // Before the priority and the tags are read: the decision sets `_dd.p.dm` and `_dd.p.ksr`.
  trace.decideSampling?.();
  const priority = getSamplingPriority(trace);
  return {
    traceId: trace.traceId,
    spanId: span.spanIdHex,
    parentSpanId: span.parentSpanIdHex,
    priority,
    sampled: priority !== undefined && priority > 0,
    origin: trace.origin,
    tags: trace.tags,
    // Rebuilt here so tags changed since the span context was cached are sent.
    traceState: buildTraceState(trace, span.spanIdHex, otelSpan.spanContext().traceState),
    trace,
  };
}

function fromSpanContext(span: Span): OutgoingTraceContext | undefined {
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return undefined;
  const member = readDatadogMember(spanContext.traceState);
  const flagged = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  const priority = getExtractionExtras(spanContext)?.undecided
    ? undefined
    : resolveRemotePriority(flagged, member?.priority, member?.origin);
  const tags: Record<string, string> = { ...member?.tags };
  if (member?.parentId !== undefined) tags[PARENT_ID_TAG] = member.parentId;
  return {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    parentSpanId: undefined,
    priority,
    sampled: priority !== undefined ? priority > 0 : flagged,
    origin: member?.origin,
    tags,
    traceState: spanContext.traceState,
    trace: undefined,
  };
}
