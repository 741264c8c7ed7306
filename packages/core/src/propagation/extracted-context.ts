import type { SpanContext, TraceState } from '@opentelemetry/api';
import { traceFlagsForPriority } from '../sampling/priority.js';
import { encodeDatadogMember } from './dd-member.js';
import { withDatadogMember } from './datadog-tracestate.js';

/** Trace tag: the last Datadog span id upstream when a W3C parent took over (spec §6.1). */
export const PARENT_ID_TAG = '_dd.parent_id';
/** Trace tag: why propagated tags were dropped (`extract_max_size`, `decoding_error`, …). */
export const PROPAGATION_ERROR_TAG = '_dd.propagation_error';

/** A distributed context read from headers by one style, before it becomes an OTel SpanContext. */
export interface ExtractedTraceContext {
  /** 32 lower-hex chars. */
  readonly traceId: string;
  /** 16 lower-hex chars. */
  readonly spanId: string;
  /** Undefined when upstream did not decide (e.g. B3 without a sampled flag). */
  readonly priority: number | undefined;
  readonly origin: string | undefined;
  /** `_dd.p.*` (without `_dd.p.tid`: the trace id carries it) and `_dd.parent_id`. */
  readonly tags: Readonly<Record<string, string>>;
  /** The incoming W3C tracestate, when any; its `dd=` member is rewritten from the fields above. */
  readonly traceState: TraceState | undefined;
  readonly propagationError: string | undefined;
}

/** What a tracestate cannot say about an extracted context. */
export interface ExtractionExtras {
  /** Upstream sent no sampling decision: the local sampler decides. */
  readonly undecided: boolean;
  readonly propagationError: string | undefined;
}

// Symbol.for: the ESM and CJS builds of core, if both load, still agree on the key.
const EXTRAS = Symbol.for('@dd-otel/core.extractionExtras');

type SpanContextWithExtras = SpanContext & { [EXTRAS]?: ExtractionExtras };

/**
 * The OTel SpanContext for an extracted context. Whatever the style, priority, origin, `_dd.p.*`
 * and `_dd.parent_id` travel in a `dd=` tracestate member, and `traceFlags` agrees with the
 * priority, so `applyRemoteParent` and pass-through injection read every style the same way.
 */
export function toRemoteSpanContext(extracted: ExtractedTraceContext): SpanContext {
  const ddValue = encodeDatadogMember({
    priority: extracted.priority,
    origin: extracted.origin,
    parentId: extracted.tags[PARENT_ID_TAG],
    tags: extracted.tags,
    traceId: extracted.traceId,
  });
  const spanContext: SpanContextWithExtras = {
    traceId: extracted.traceId,
    spanId: extracted.spanId,
    traceFlags: traceFlagsForPriority(extracted.priority),
    isRemote: true,
    traceState: withDatadogMember(extracted.traceState, ddValue),
  };
  if (extracted.priority === undefined || extracted.propagationError !== undefined) {
    spanContext[EXTRAS] = { undecided: extracted.priority === undefined, propagationError: extracted.propagationError };
  }
  return spanContext;
}

/** The extras `toRemoteSpanContext` attached, when the context came from our extraction. */
export function getExtractionExtras(spanContext: SpanContext): ExtractionExtras | undefined {
  return (spanContext as SpanContextWithExtras)[EXTRAS];
}
