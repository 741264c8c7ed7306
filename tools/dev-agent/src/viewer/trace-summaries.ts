import type { DevAgentSpan } from '../types.js';

/** One row of the viewer's trace list: a trace (all its stored chunks) reduced to what the list shows. */
export interface TraceSummary {
  /** Low 64 bits, 16 hex: the id `GET /api/traces/:traceId` takes. */
  traceId: string;
  traceId128: string;
  rootService: string;
  rootName: string;
  rootResource: string;
  /** Start of the earliest span, ns since the epoch, exact decimal string. */
  start: string;
  /** From the earliest start to the latest end, in ns. */
  duration: number;
  spanCount: number;
  errorCount: number;
  /** Distinct values over all spans, for the service and text filters. */
  services: string[];
  names: string[];
  resources: string[];
  /** Requests (payloads) that carried spans of this trace, in arrival order. */
  requestIds: number[];
}

/**
 * Groups stored chunks by trace id (a trace flushed in several payloads, or reported by several
 * services, is one row) and summarises each; newest first, by the arrival of its latest chunk.
 */
export function summariseTraces(chunks: readonly DevAgentSpan[][]): TraceSummary[] {
  const byTrace = new Map<string, DevAgentSpan[]>();
  for (const chunk of chunks) {
    for (const span of chunk) {
      const spans = byTrace.get(span.traceId);
      if (spans === undefined) byTrace.set(span.traceId, [span]);
      else spans.push(span);
    }
    // Re-inserting moves the trace to the end, so map order is "latest chunk last".
    const traceId = chunk[0]?.traceId;
    if (traceId !== undefined) {
      const spans = byTrace.get(traceId) as DevAgentSpan[];
      byTrace.delete(traceId);
      byTrace.set(traceId, spans);
    }
  }
  return [...byTrace.values()].reverse().map(summariseTrace);
}

export function summariseTrace(spans: readonly DevAgentSpan[]): TraceSummary {
  const root = findRoot(spans);
  let start: bigint | undefined;
  let end: bigint | undefined;
  for (const span of spans) {
    const spanStart = BigInt(span.start);
    const spanEnd = spanStart + BigInt(Math.max(0, Math.trunc(span.duration)));
    if (start === undefined || spanStart < start) start = spanStart;
    if (end === undefined || spanEnd > end) end = spanEnd;
  }
  return {
    traceId: root.traceId,
    traceId128: root.traceId128,
    rootService: root.service,
    rootName: root.name,
    rootResource: root.resource,
    start: String(start ?? 0n),
    duration: Number((end ?? 0n) - (start ?? 0n)),
    spanCount: spans.length,
    errorCount: spans.filter((span) => span.error !== 0).length,
    services: distinct(spans.map((span) => span.service)),
    names: distinct(spans.map((span) => span.name)),
    resources: distinct(spans.map((span) => span.resource)),
    requestIds: distinct(spans.map((span) => span.requestId)).sort((a, b) => a - b),
  };
}

/** The span without parent; else the first whose parent was not received; else the first. */
function findRoot(spans: readonly DevAgentSpan[]): DevAgentSpan {
  const ids = new Set(spans.map((span) => span.spanId));
  return (
    spans.find((span) => span.parentId === '0000000000000000') ??
    spans.find((span) => !ids.has(span.parentId)) ??
    (spans[0] as DevAgentSpan)
  );
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
