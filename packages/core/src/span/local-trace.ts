import type { TraceState } from '@opentelemetry/api';
import { generatedTraceId, nextTraceId, traceIdToHex } from './ids.js';
import type { LocalTraceData } from './span-data.js';
import type { DatadogSpan } from './span.js';
import type { SpanPipeline } from './span-pipeline.js';

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
  /** The trace's first span in this process: what the sampler looks at when it decides. */
  root: DatadogSpan | undefined = undefined;

  /** For a trace this process started: its id as drawn (see `generatedTraceId`); else undefined / 0. */
  readonly idHighHex: string | undefined;
  readonly idLowHigh: number;
  readonly idLow: number | undefined;
  /** The id as text: as received, or built from the words on first read. */
  private hex: string | undefined;

  /**
   * `traceId` is the id received from another process, or undefined for the id `nextTraceId()`
   * just drew (see `withNewId`). `pipeline` is where the trace's spans report;
   * `remoteParentSpanId` the span id (as received) of the local root's parent in another
   * process, if any. Both are per trace rather than per span: every span is one object less of
   * state, and a trace has exactly one local root.
   */
  constructor(
    traceId: string | undefined,
    readonly pipeline: SpanPipeline,
    readonly remoteParentSpanId: string | undefined = undefined,
  ) {
    this.hex = traceId;
    if (traceId === undefined) {
      this.idHighHex = generatedTraceId.highHex;
      this.idLowHigh = generatedTraceId.lowHigh;
      this.idLow = generatedTraceId.low;
    } else {
      this.idHighHex = undefined;
      this.idLowHigh = 0;
      this.idLow = undefined;
    }
  }

  /**
   * A trace with a new id (128-bit or 64-bit), whose text is built only if something reads it.
   * `nowEpochMs`: the current time, when the caller has read the clock already.
   */
  static withNewId(pipeline: SpanPipeline, use128Bit: boolean, nowEpochMs?: number): LocalTrace {
    nextTraceId(use128Bit, nowEpochMs);
    return new LocalTrace(undefined, pipeline);
  }

  /**
   * Makes the sampling decision if nobody made it yet. The decision is lazy, as in dd-trace-js
   * (spec §5.1): it is made when the first chunk of the trace is exported, or earlier when
   * something needs it (an `inject()`, a read of `traceFlags` or `traceState`), so rules see the
   * root as it is then. A request span gets its `resource.name` when the response ends, and a
   * rule such as `{ resource: 'GET /health', sampleRate: 0 }` can only match it from then on.
   */
  decideSampling(): void {
    if (this.samplingPriority === undefined) this.pipeline.decideSampling(this);
  }

  /** 32 lower-hex chars. */
  get traceId(): string {
    return (this.hex ??= traceIdToHex(this.idHighHex, this.idLowHigh, this.idLow ?? 0));
  }
}
