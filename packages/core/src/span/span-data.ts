import type { Attributes, Link, SpanKind, SpanStatusCode } from '@opentelemetry/api';

/** An event added with `addEvent` / `recordException`, time in epoch milliseconds (sub-ms precision). */
export interface SpanEventData {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes: Attributes | undefined;
}

/**
 * Error details recorded on a span. `recordException` fills type/message/stack without flagging
 * the span (dd-trace-js parity); `setStatus(ERROR)` flags it and replaces the message.
 */
export interface SpanErrorData {
  type: string | undefined;
  message: string | undefined;
  stack: string | undefined;
  /** True once the span must be reported with `error = 1`. */
  flagged: boolean;
}

/**
 * Trace-level state shared by every span of one trace in this process (one "local trace").
 * Sampling and propagation decide and update it; the mapper reads it.
 */
export interface LocalTraceData {
  /** 32 lower-hex chars. */
  readonly traceId: string;
  /**
   * For a trace this process started, its id without the text (see `nextTraceId`): the high
   * half as `_dd.p.tid` hex (undefined for 64-bit ids) and the low half as signed 32-bit words.
   * `idLow` is undefined for an id received as text.
   */
  readonly idHighHex?: string | undefined;
  readonly idLowHigh?: number;
  readonly idLow?: number | undefined;
  /** −1, 0, 1, 2 once decided. */
  samplingPriority: number | undefined;
  /** Decision maker mechanism (0 default, 1 agent rate, 3 rule, 4 manual, …) when known. */
  samplingMechanism: number | undefined;
  /** `_dd.origin` (e.g. `synthetics`, `rum`). */
  origin: string | undefined;
  /**
   * Trace tags written as meta on the first span of each chunk and propagated when they start
   * with `_dd.p.` (`_dd.p.dm`, `_dd.p.tid`, `_dd.p.ksr`, `_dd.parent_id`, `baggage.*`, …).
   */
  readonly tags: Record<string, string>;
  /** Sampler metrics for the local root span (`_dd.rule_psr`, `_dd.limit_psr`, `_dd.agent_psr`). */
  readonly rootMetrics: Record<string, number>;
  /** Makes the (lazy) sampling decision now if nobody made it yet; `LocalTrace` has it. */
  decideSampling?(): void;
}

/** What the mapper needs from a finished span. `DatadogSpan` implements it. */
export interface FinishedSpanData {
  readonly name: string;
  readonly kind: SpanKind;
  /** 16 lower-hex chars. */
  readonly spanIdHex: string;
  /** 16 lower-hex chars, or undefined for a root. */
  readonly parentSpanIdHex: string | undefined;
  /**
   * The ids as signed 32-bit halves, when the span has them (dd-otel's own spans do): the mapper
   * then never parses hex. They must denote the same ids as the hex fields; a root's parent is 0.
   */
  readonly spanIdHigh?: number;
  readonly spanIdLow?: number;
  readonly parentIdHigh?: number;
  readonly parentIdLow?: number;
  /** First span of this trace in this process (no local parent). */
  readonly isLocalRoot: boolean;
  /** The local root continues a trace from another process. */
  readonly hasRemoteParent: boolean;
  /** Sanitised attributes: primitives and homogeneous primitive arrays only. */
  readonly attributes: Attributes;
  readonly events: readonly SpanEventData[];
  readonly links: readonly Link[];
  readonly statusCode: SpanStatusCode;
  readonly statusMessage: string | undefined;
  readonly error: SpanErrorData | undefined;
  /** Epoch milliseconds (sub-ms precision). */
  readonly startMs: number;
  /** Epoch milliseconds (sub-ms precision). */
  readonly endMs: number;
  readonly instrumentationScope: { readonly name: string; readonly version?: string };
  readonly trace: LocalTraceData;
}
