import type { TraceState } from '@opentelemetry/api';
import type { LocalTraceData } from './span-data.js';
import type { DatadogSpan } from './span.js';

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

  constructor(readonly traceId: string) {}
}
