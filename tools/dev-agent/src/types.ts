/** Trace intake protocol a payload arrived on. */
export type DevAgentProtocol = '0.4' | '0.5';

/**
 * What a validation problem is about. `error` kinds are the ones the Datadog Agent or Datadog's
 * test agent would reject the payload for (the dev agent answers 400); `warning` kinds are checks
 * the test agent runs on request (headers, JSON-in-meta, ...) and that the real Agent tolerates.
 */
export type DevAgentProblemKind =
  // payload level (error)
  | 'payload.too-large'
  | 'payload.decode'
  | 'payload.shape'
  // v0.5 layout (error)
  | 'v05.string-table'
  | 'v05.span-length'
  | 'v05.string-index'
  // span fields (error)
  | 'span.missing-field'
  | 'span.field-type'
  | 'span.meta-type'
  | 'span.metrics-type'
  | 'span.meta-struct'
  | 'span.span-events'
  | 'span.span-links'
  // headers (warning)
  | 'header.content-type'
  | 'header.content-length'
  | 'header.meta-lang'
  | 'header.meta-lang-version'
  | 'header.meta-tracer-version'
  | 'header.trace-count'
  // consistency (warning)
  | 'span.meta-events-json'
  | 'span.meta-span-links-json'
  | 'chunk.trace-id-mismatch'
  | 'string.invalid-utf8';

export type DevAgentProblemSeverity = 'error' | 'warning';

export interface DevAgentProblem {
  kind: DevAgentProblemKind;
  severity: DevAgentProblemSeverity;
  message: string;
  /** Id of the request (payload) the problem was found in. */
  requestId: number;
  /** Index of the trace chunk in the payload, when the problem concerns one. */
  traceIndex?: number;
  /** Index of the span in its chunk, when the problem concerns one. */
  spanIndex?: number;
  /** Span id (16 hex) of the span concerned, when it could be read. */
  spanId?: string;
  /** Field concerned, e.g. `trace_id`, `meta.http.url`, `span_events[0].time_unix_nano`. */
  field?: string;
}

/** A span event attribute value; integers beyond 2^53 are given as decimal strings. */
export type DevAgentAttributeValue = string | number | boolean | Array<string | number | boolean>;

export interface DevAgentSpanEvent {
  name: string;
  /** Event time in ns since the epoch, as an exact decimal string. */
  timeUnixNano: string;
  attributes: Record<string, DevAgentAttributeValue>;
}

export interface DevAgentSpanLink {
  /** 128-bit trace id, 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  attributes: Record<string, string>;
  tracestate?: string;
  flags?: number;
}

/**
 * A decoded span, the same shape whatever protocol it arrived on. Ids are exact 64-bit values.
 * `start` is a decimal string of ns since the epoch (exact; a JS number cannot hold it), `duration`
 * a number of ns.
 */
export interface DevAgentSpan {
  /** Low 64 bits of the trace id, 16 lower-case hex digits. */
  traceId: string;
  /** Low 64 bits of the trace id, unsigned decimal. */
  traceIdDec: string;
  /** 128-bit trace id, 32 hex: `_dd.p.tid` of the chunk's first span (or zeros) + `traceId`. */
  traceId128: string;
  spanId: string;
  spanIdDec: string;
  /** `0000000000000000` for a root span. */
  parentId: string;
  name: string;
  resource: string;
  service: string;
  /** `''` when the span has no type. */
  type: string;
  error: number;
  start: string;
  duration: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
  /** From the native `span_events` field, else from meta `events` (JSON). */
  spanEvents?: DevAgentSpanEvent[];
  /** From the native `span_links` field, else from meta `_dd.span_links` (JSON). */
  spanLinks?: DevAgentSpanLink[];
  protocol: DevAgentProtocol;
  requestId: number;
}

/** One received payload. */
export interface DevAgentRequest {
  id: number;
  method: string;
  path: string;
  protocol: DevAgentProtocol;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  /** The headers of interest (lower-case names) that were present. */
  headers: Record<string, string>;
  byteSize: number;
  traceCount: number;
  spanCount: number;
  /** HTTP status the dev agent answered with. */
  status: number;
  problems: DevAgentProblem[];
}

export interface DevAgentStats {
  traces: number;
  spans: number;
  requests: number;
  problems: number;
  /** Traces dropped (oldest first) because more than `maxTraces` were stored. */
  droppedTraces: number;
  droppedRequests: number;
  droppedProblems: number;
}

/** Read access to what the dev agent has received. */
export interface DevAgentStoreView {
  /** Decoded trace chunks in arrival order, each an array of spans. */
  traces(): DevAgentSpan[][];
  /** All spans of `traces()`, flat, in arrival order. */
  spans(): DevAgentSpan[];
  /** Received payloads in arrival order. */
  requests(): DevAgentRequest[];
  /** Every validation problem of the stored requests, in arrival order. */
  problems(): DevAgentProblem[];
}

export type DevAgentEvent =
  | { type: 'request'; request: DevAgentRequest }
  | { type: 'clear' }
  | { type: 'close' };

export type DevAgentListener = (event: DevAgentEvent) => void;
