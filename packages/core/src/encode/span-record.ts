/**
 * A span in Datadog's model, ready to encode. Produced by the mapper from a finished OTel span,
 * consumed by the v0.4/v0.5 encoders. Ids are lower-case hex so they never pass through BigInt on
 * the hot path; the encoders write them as uint64.
 */
export interface DatadogSpanRecord {
  /** Low 64 bits of the trace id, 16 lower-hex chars. */
  traceId: string;
  /** 16 lower-hex chars. */
  spanId: string;
  /** 16 lower-hex chars; `'0000000000000000'` for a root. */
  parentId: string;
  name: string;
  resource: string;
  service: string;
  /** `''` when unset (v0.4 then omits the key). */
  type: string;
  error: 0 | 1;
  /** Epoch nanoseconds (a double: precision ~256 ns, as dd-trace-js). */
  start: number;
  /** Nanoseconds, integer. */
  duration: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
  /** Native span events (v0.4 only, when the Agent supports them). */
  spanEvents?: SpanEventRecord[];
}

/** Typed attribute value of a native span event (Agent `AttributeAnyValue`). */
export type SpanEventAttributeValue =
  | { type: 0; string_value: string }
  | { type: 1; bool_value: boolean }
  | { type: 2; int_value: number }
  | { type: 3; double_value: number }
  | { type: 4; array_value: { values: SpanEventAttributeValue[] } };

export interface SpanEventRecord {
  name: string;
  /** Epoch nanoseconds, written as an integer (uint64). */
  timeUnixNano: number;
  attributes?: Record<string, SpanEventAttributeValue>;
}

/** A trace chunk: spans of one trace that finished together, in start order. */
export type TraceChunk = DatadogSpanRecord[];

/**
 * A finished payload and where its traces lie in it. Both protocol versions share one layout: a
 * prefix that ends with the array32 header (`0xdd` + uint32) counting the traces, then the traces
 * back to back up to the end, each an array32 of its spans. So a payload the Agent refuses as too
 * large (413) can be cut into smaller valid payloads from its bytes alone, without the records.
 */
export interface EncodedPayload {
  /** The request body. */
  bytes: Uint8Array;
  /** Byte offset in `bytes` where each trace starts, ascending; one per trace. */
  traceOffsets: Uint32Array;
  traceCount: number;
  spanCount: number;
}

/** Appends chunks into a pending payload; one instance per protocol version. */
export interface TraceEncoder {
  /** Agent endpoint path, `/v0.4/traces` or `/v0.5/traces`. */
  readonly path: string;
  /**
   * Encode one chunk into the pending payload. Atomic: when it throws, the pending payload is
   * left as it was (the exporter relies on this instead of keeping the records to rebuild it).
   */
  append(chunk: TraceChunk): void;
  /** Number of chunks in the pending payload. */
  readonly traceCount: number;
  /** Approximate encoded size of the pending payload in bytes. */
  readonly byteLength: number;
  /** Return the complete payload and start a new empty one. */
  takePayload(): EncodedPayload;
  /**
   * Optional: takes back a payload nothing reads any more (the Agent answered, or it was
   * dropped), whose memory the encoder may write a later payload into.
   */
  recycle?(payload: EncodedPayload): void;
}
