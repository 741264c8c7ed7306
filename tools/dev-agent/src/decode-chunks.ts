import { chunkTraceIdHigh, normaliseSpan } from './normalise.js';
import type { ProblemCollector, ProblemLocation } from './problems.js';
import type { SpanUnderCheck } from './span-check.js';
import type { DevAgentProtocol, DevAgentSpan } from './types.js';
import { validateSpan } from './validate.js';
import { KEY_MARKER, formatPath, pathKey, type PathSegment, type WireFacts } from './wire-facts.js';
import { toHex16, toUint64 } from './wire-values.js';

/** A span map read from a payload, and how its span-relative paths map to wire paths. */
export interface WireSpan {
  readonly fields: ReadonlyMap<unknown, unknown>;
  wirePath(relative: readonly PathSegment[]): PathSegment[];
}

/** A payload's chunks; `undefined` marks a chunk or span that could not be read (already reported). */
export type WireChunks = ReadonlyArray<ReadonlyArray<WireSpan | undefined> | undefined>;

export interface DecodedTraces {
  traces: DevAgentSpan[][];
  /** Number of trace chunks in the payload, when its top level could be read. */
  chunkCount: number | undefined;
}

/** Validates every span, checks chunk consistency and builds the stored spans. */
export function processChunks(
  chunks: WireChunks,
  facts: WireFacts,
  collector: ProblemCollector,
  protocol: DevAgentProtocol,
): DevAgentSpan[][] {
  const traces: DevAgentSpan[][] = [];
  chunks.forEach((chunk, traceIndex) => {
    if (chunk === undefined) return;
    const readable = chunk.filter((span): span is WireSpan => span !== undefined);
    const traceIdHigh = chunkTraceIdHigh(readable[0]?.fields);
    const firstTraceId = readable[0] === undefined ? undefined : toUint64(readable[0].fields.get('trace_id'));
    const spans: DevAgentSpan[] = [];
    chunk.forEach((span, spanIndex) => {
      if (span === undefined) return;
      const spanId = toHex16(toUint64(span.fields.get('span_id')));
      validateSpan(spanUnderCheck(span, facts, collector, { traceIndex, spanIndex, spanId }));
      const traceId = toUint64(span.fields.get('trace_id'));
      if (firstTraceId !== undefined && traceId !== firstTraceId) {
        collector.report(
          'chunk.trace-id-mismatch',
          `trace_id ${toHex16(traceId)} differs from the chunk's first span (${toHex16(firstTraceId)}); a chunk must hold one trace`,
          { traceIndex, spanIndex, spanId, field: 'trace_id' },
        );
      }
      spans.push(normaliseSpan(span.fields, { traceIdHigh, protocol, requestId: collector.requestId }));
    });
    if (spans.length > 0) traces.push(spans);
  });
  return traces;
}

function spanUnderCheck(
  span: WireSpan,
  facts: WireFacts,
  collector: ProblemCollector,
  location: Required<Pick<ProblemLocation, 'traceIndex' | 'spanIndex' | 'spanId'>>,
): SpanUnderCheck {
  return {
    fields: span.fields,
    encodedAsFloat: (path) => facts.floatPaths.has(pathKey(span.wirePath(path))),
    report: (kind, message, field) => collector.report(kind, message, { ...location, field }),
  };
}

/**
 * Reports strings that were not valid UTF-8 on the wire (the decoder replaced the bad bytes
 * with U+FFFD). `locate` turns a wire path into a problem location for the payload layout.
 */
export function reportInvalidStrings(
  facts: WireFacts,
  collector: ProblemCollector,
  locate: (path: readonly PathSegment[]) => ProblemLocation,
): void {
  for (const path of facts.invalidStrings) {
    const isKey = path[path.length - 1] === KEY_MARKER;
    const valuePath = isKey ? path.slice(0, -1) : path;
    const location = locate(valuePath);
    collector.report(
      'string.invalid-utf8',
      `${isKey ? 'map key' : 'string'} ${location.field ?? formatPath(valuePath)} is not valid UTF-8 (decoded with U+FFFD replacements)`,
      location,
    );
  }
}

/** Location of a wire path `[traceIndex, spanIndex, ...field]` (v0.4 layout, and v0.5 after its prefix). */
export function locateInTraces(path: readonly PathSegment[]): ProblemLocation {
  const [traceIndex, spanIndex, ...field] = path;
  const location: ProblemLocation = {};
  if (typeof traceIndex === 'number') location.traceIndex = traceIndex;
  if (typeof spanIndex === 'number') location.spanIndex = spanIndex;
  if (field.length > 0) location.field = formatPath(field);
  return location;
}
