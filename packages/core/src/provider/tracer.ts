import { ROOT_CONTEXT, SpanKind, context as contextApi, trace as traceApi, isSpanContextValid, TraceFlags } from '../internal/otel-api.js';
import type { Attributes, Context, Span, SpanContext, SpanOptions, TraceState, Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '../export/suppress-tracing.js';
import { getExtractedLinks } from '../propagation/create-propagator.js';
import { applyExtractedSamplingDecision, applyRemoteParent } from '../propagation/remote-parent.js';
import { W3CTraceState } from '../propagation/trace-state.js';
import { contextWithSpan } from '../span/context-entry.js';
import { newSpanId, newTraceId } from '../span/ids.js';
import { LocalTrace } from '../span/local-trace.js';
import { DatadogSpan } from '../span/span.js';
import { toSafeString } from '../span/safe-string.js';
import { nowMs, toEpochMs } from '../span/time.js';
import { activeContext, withContext } from './active-context.js';
import { readSpanOptions } from './span-options.js';
import type { TracingPipeline } from './tracing-pipeline.js';

const VALID_KINDS = new Set<unknown>([
  SpanKind.INTERNAL,
  SpanKind.SERVER,
  SpanKind.CLIENT,
  SpanKind.PRODUCER,
  SpanKind.CONSUMER,
]);

const NO_OPTIONS: SpanOptions = Object.freeze({});
/** `{ kind }` for each span kind, indexed by it. */
const KIND_OPTIONS: readonly SpanOptions[] = [
  SpanKind.INTERNAL,
  SpanKind.SERVER,
  SpanKind.CLIENT,
  SpanKind.PRODUCER,
  SpanKind.CONSUMER,
].map((kind) => Object.freeze({ kind }));

/** dd-otel's OTel `Tracer`: creates lean `DatadogSpan`s wired to the provider's pipeline. */
export class DatadogTracer implements Tracer {
  constructor(
    private readonly scope: { readonly name: string; readonly version?: string },
    private readonly pipeline: TracingPipeline,
  ) {}

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    try {
      const read = options === undefined ? NO_OPTIONS : readSpanOptions(options);
      return this.createSpan(name, read, context ?? activeContext(), undefined);
    } catch (error) {
      return this.startFailed(error);
    }
  }

  /**
   * `startSpan(name, { kind, attributes }, parent)` for attributes built for this span alone and
   * not changed afterwards (the framework packages' request spans, from core's HTTP code): the
   * span keeps the object itself instead of options being read and attributes copied. Not part
   * of the OTel API. `validCount`: the number of entries, when the caller built every one as a
   * valid attribute (a non-empty literal key, a string or a number), so none is checked again.
   * Never throws.
   */
  startSpanWithOwnAttributes(name: string, kind: SpanKind, attributes: Attributes, parent: Context, validCount?: number): Span {
    try {
      return this.createSpan(name, KIND_OPTIONS[kind] ?? NO_OPTIONS, parent, attributes, validCount);
    } catch (error) {
      return this.startFailed(error);
    }
  }

  /** Tracing must never break the app: a span that records nothing, in the active trace. */
  private startFailed(error: unknown): Span {
    this.pipeline.reportInternalError('startSpan', error);
    return traceApi.wrapSpanContext(traceApi.getSpanContext(contextApi.active()) ?? INVALID_CONTEXT);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    arg2?: F | SpanOptions,
    arg3?: F | Context,
    arg4?: F,
  ): ReturnType<F> | undefined {
    let options: SpanOptions | undefined;
    let parent: Context | undefined;
    let fn: F;
    if (typeof arg2 === 'function') {
      fn = arg2;
    } else if (typeof arg3 === 'function') {
      options = arg2;
      fn = arg3;
    } else if (typeof arg4 === 'function') {
      options = arg2;
      parent = arg3;
      fn = arg4;
    } else {
      return undefined; // the OTel API's own behaviour for a call without a callback
    }
    const parentContext = parent ?? activeContext();
    const span = this.startSpan(name, options, parentContext);
    return withContext(contextWithSpan(parentContext, span), fn as (span: Span) => ReturnType<F>, span);
  }

  /** `ownAttributes`, `ownValidCount`: see `startSpanWithOwnAttributes`. */
  private createSpan(
    name: unknown,
    options: SpanOptions,
    context: Context,
    ownAttributes: Attributes | undefined,
    ownValidCount?: number,
  ): Span {
    const pipeline = this.pipeline;
    // The empty context holds nothing to look up: no parent, no suppression, no extracted
    // decision or links, no baggage. A request without trace headers starts from it.
    const empty = context === ROOT_CONTEXT;
    const parentSpan = options.root || empty ? undefined : traceApi.getSpan(context);
    if (!empty && isTracingSuppressed(context)) return traceApi.wrapSpanContext(INVALID_CONTEXT);
    if (!pipeline.isRecording()) return nonRecordingChild(parentSpan?.spanContext());
    const optionKind = options.kind;
    const kind = optionKind === undefined ? SpanKind.INTERNAL : VALID_KINDS.has(optionKind) ? optionKind : SpanKind.INTERNAL;
    const spanName = typeof name === 'string' ? name : toSafeString(name);
    let localTrace: LocalTrace;
    let localParent: DatadogSpan | undefined;
    const startTime = options.startTime;
    const startMs = startTime === undefined ? nowMs() : toEpochMs(startTime) ?? nowMs();
    if (parentSpan instanceof DatadogSpan) {
      localTrace = parentSpan.trace;
      localParent = parentSpan;
    } else {
      const parentContext = readValidSpanContext(parentSpan);
      if (parentContext !== undefined) {
        localTrace = new LocalTrace(parentContext.traceId, pipeline, parentContext.spanId);
        applyRemoteParent(localTrace, parentContext);
        localTrace.upstreamTraceState = readUpstreamTraceState(parentContext);
      } else {
        // A 128-bit id's high half carries the current time: the clock read just made, if any.
        localTrace = LocalTrace.withNewId(pipeline, pipeline.traceId128BitGeneration, startTime === undefined ? startMs : undefined);
        // Sampling-only headers (e.g. B3 `b3: 1`) bring a decision without a parent.
        if (!empty) applyExtractedSamplingDecision(localTrace, context);
      }
    }
    const span = new DatadogSpan(
      localTrace,
      this.scope,
      spanName,
      kind,
      startMs,
      localParent,
    );
    if (options !== NO_OPTIONS) {
      if (options.attributes) span.setAttributes(options.attributes);
      if (options.links) span.addLinks(options.links);
    }
    if (ownAttributes !== undefined) span.adoptAttributes(ownAttributes, ownValidCount);
    if (localParent === undefined) {
      localTrace.root = span;
      if (!empty) {
        const extracted = getExtractedLinks(context);
        if (extracted.length > 0) span.addLinks(extracted);
      }
      pipeline.onLocalRootStart(span, context);
    }
    localTrace.openSpans++;
    pipeline.onStart(span, context);
    return span;
  }
}

/** The parent's span context when it is valid; an unreadable one counts as no parent. Never throws. */
function readValidSpanContext(parent: Span | undefined): SpanContext | undefined {
  if (parent === undefined) return undefined;
  try {
    const context = parent.spanContext();
    return context !== null && typeof context === 'object' && isSpanContextValid(context) ? context : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The parent's trace state, kept to re-inject other vendors' members. A parent context may come
 * from app code rather than a propagator: anything that does not serialise to a string is
 * ignored, and a foreign implementation is copied into a real TraceState so that injecting
 * later can never run (or throw in) the app's code. Never throws.
 */
function readUpstreamTraceState(parent: SpanContext): TraceState | undefined {
  try {
    const state: unknown = parent.traceState;
    if (state instanceof W3CTraceState) return state;
    if (state === null || typeof state !== 'object') return undefined;
    const serialize = (state as { serialize?: unknown }).serialize;
    if (typeof serialize !== 'function') return undefined;
    const serialized: unknown = serialize.call(state);
    return typeof serialized === 'string' ? W3CTraceState.parse(serialized) : undefined;
  } catch {
    return undefined;
  }
}

const INVALID_CONTEXT: SpanContext = {
  traceId: '00000000000000000000000000000000',
  spanId: '0000000000000000',
  traceFlags: TraceFlags.NONE,
};

/**
 * With tracing off or suppressed, a span still carries the trace forward: same trace id and
 * sampling flags as its parent, so downstream services keep one trace.
 */
function nonRecordingChild(parent: SpanContext | undefined): Span {
  if (parent && isSpanContextValid(parent)) {
    const child: SpanContext = {
      traceId: parent.traceId,
      spanId: newSpanId(),
      traceFlags: parent.traceFlags,
      isRemote: false,
    };
    if (parent.traceState) child.traceState = parent.traceState;
    // Extraction keeps facts that have no W3C field (e.g. "no sampling decision yet") on symbol
    // properties; carry them so the next hop sees exactly what this one received.
    for (const key of Object.getOwnPropertySymbols(parent)) {
      (child as unknown as Record<symbol, unknown>)[key] = (parent as unknown as Record<symbol, unknown>)[key];
    }
    return traceApi.wrapSpanContext(child);
  }
  return traceApi.wrapSpanContext({
    traceId: newTraceId(true),
    spanId: newSpanId(),
    traceFlags: TraceFlags.NONE,
    isRemote: false,
  });
}
