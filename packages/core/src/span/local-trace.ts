import type { TraceState } from '@opentelemetry/api';
import type { LocalTraceData } from './span-data.js';
import type { DatadogSpan, SpanPipeline } from './span.js';

/**
 * The spans of one trace that live in this process. Nothing global points at it: it is reachable
 * only from its spans, so a trace whose spans the app drops is garbage-collected with them.
 */
export class LocalTrace implements LocalTraceData {
  samplingPriority: number | undefined = undefined;
  samplingMechanism: number | undefined = undefined;
  origin: string | undefined = undefined;
  readonly tags: Record<string, string> = {};
  readonly rootMetrics: Record<string, number> = {};
  /** Spans started and not yet ended. */
  openSpans = 0;
  /** Ended spans waiting for their chunk to complete. */
  finished: DatadogSpan[] = [];
  /** Set while the provider tracks this trace for shutdown (see provider/open-traces.ts). */
  openTracesEntry: WeakRef<LocalTrace> | undefined = undefined;
  /** Other vendors' tracestate members received from upstream, kept for re-injection. */
  upstreamTraceState: TraceState | undefined = undefined;

  /**
   * `pipeline` is where the trace's spans report; `remoteParentSpanId` the span id (as received)
   * of the local root's parent in another process, if any. Both are per trace rather than per
   * span: every span is one object less of state, and a trace has exactly one local root.
   */
  constructor(
    readonly traceId: string,
    readonly pipeline: SpanPipeline,
    readonly remoteParentSpanId: string | undefined = undefined,
  ) {}
}
