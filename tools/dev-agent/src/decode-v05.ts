import { locateInTraces, processChunks, reportInvalidStrings, type DecodedTraces, type WireChunks, type WireSpan } from './decode-chunks.js';
import { decodeMsgpack } from './msgpack-decode.js';
import type { ProblemCollector, ProblemLocation } from './problems.js';
import type { DecodedPayload, PathSegment, WireFacts } from './wire-facts.js';
import { pathKey } from './wire-facts.js';
import { asBigInt, describeWireType, isMap } from './wire-values.js';

/** Positions of the 12 elements of a v0.5 span. */
const V05_FIELDS = [
  'service', 'name', 'resource', 'trace_id', 'span_id', 'parent_id',
  'start', 'duration', 'error', 'meta', 'metrics', 'type',
] as const;
const STRING_ELEMENTS = new Set([0, 1, 2, 11]);
const FIELD_INDEX = new Map<PathSegment, number>(V05_FIELDS.map((field, index) => [field, index]));

/** Decodes and validates a v0.5 payload: `[stringTable, traces]` with 12-element positional spans. */
export function decodeV05(body: Uint8Array, collector: ProblemCollector): DecodedTraces {
  let decoded: DecodedPayload;
  try {
    decoded = decodeMsgpack(body);
  } catch (error) {
    collector.report('payload.decode', (error as Error).message);
    return { traces: [], chunkCount: undefined };
  }
  const { value: payload, facts } = decoded;
  if (!Array.isArray(payload) || payload.length !== 2) {
    const got = Array.isArray(payload) ? `an array of ${payload.length} elements` : describeWireType(payload);
    collector.report('payload.shape', `a v0.5 payload must be a 2-element array [strings, traces], got ${got}`);
    return { traces: [], chunkCount: undefined };
  }
  const [table, traces] = payload as [unknown, unknown];
  if (!Array.isArray(table)) {
    collector.report('payload.shape', `the v0.5 string table must be an array, got ${describeWireType(table)}`);
    return { traces: [], chunkCount: undefined };
  }
  if (!Array.isArray(traces)) {
    collector.report('payload.shape', `v0.5 traces must be an array, got ${describeWireType(traces)}`);
    return { traces: [], chunkCount: undefined };
  }
  const strings = readStringTable(table, collector);
  const reader = new V05SpanReader(strings, facts, collector);
  const chunks: WireChunks = traces.map((chunk: unknown, traceIndex) => {
    if (!Array.isArray(chunk)) {
      collector.report('payload.shape', `a trace must be an array of spans, got ${describeWireType(chunk)}`, { traceIndex });
      return undefined;
    }
    return chunk.map((span: unknown, spanIndex) => reader.read(span, traceIndex, spanIndex));
  });
  reportInvalidStrings(facts, collector, locateV05);
  return { traces: processChunks(chunks, facts, collector, '0.5'), chunkCount: traces.length };
}

function readStringTable(table: unknown[], collector: ProblemCollector): string[] {
  if (table[0] !== '') {
    collector.report('v05.string-table', `string table entry 0 must be "", got ${JSON.stringify(table[0]) ?? 'nothing'}`, { field: 'string_table[0]' });
  }
  return table.map((entry, index) => {
    if (typeof entry === 'string') return entry;
    collector.report('v05.string-table', `string table entry ${index} must be a string, got ${describeWireType(entry)}`, { field: `string_table[${index}]` });
    return '';
  });
}

class V05SpanReader {
  constructor(
    private readonly strings: readonly string[],
    private readonly facts: WireFacts,
    private readonly collector: ProblemCollector,
  ) {}

  read(span: unknown, traceIndex: number, spanIndex: number): WireSpan | undefined {
    const location = { traceIndex, spanIndex };
    if (!Array.isArray(span)) {
      this.collector.report('payload.shape', `a v0.5 span must be an array, got ${describeWireType(span)}`, location);
      return undefined;
    }
    if (span.length !== 12) {
      this.collector.report('v05.span-length', `a v0.5 span must have exactly 12 elements, got ${span.length}`, location);
    }
    const wirePath = (relative: readonly PathSegment[]): PathSegment[] => {
      const [field, ...rest] = relative;
      return [1, traceIndex, spanIndex, FIELD_INDEX.get(field as PathSegment) ?? String(field), ...rest];
    };
    const fields = new Map<string, unknown>();
    V05_FIELDS.forEach((field, index) => {
      if (index >= span.length) return;
      const element: unknown = span[index];
      const at = { ...location, field };
      if (STRING_ELEMENTS.has(index)) fields.set(field, this.resolve(element, wirePath([field]), at));
      else if (field === 'meta') fields.set(field, this.readMap(element, wirePath([field]), at, true));
      else if (field === 'metrics') fields.set(field, this.readMap(element, wirePath([field]), at, false));
      else fields.set(field, element);
    });
    return { fields, wirePath };
  }

  /** A string-table index → its string; problems for non-integer or out-of-range indices. */
  private resolve(index: unknown, path: PathSegment[], location: ProblemLocation): string {
    const integer = this.facts.floatPaths.has(pathKey(path)) ? undefined : asBigInt(index);
    if (integer === undefined || integer < 0n) {
      this.collector.report('v05.string-index', `${location.field} must be an unsigned string-table index, got ${describeWireType(index)}`, location);
      return '';
    }
    if (integer >= BigInt(this.strings.length)) {
      this.collector.report('v05.string-index', `${location.field} index ${integer} is out of range (string table has ${this.strings.length} entries)`, location);
      return '';
    }
    return this.strings[Number(integer)] ?? '';
  }

  /** meta (index → index) or metrics (index → number) with keys (and meta values) resolved. */
  private readMap(value: unknown, path: PathSegment[], location: ProblemLocation, valuesAreIndices: boolean): unknown {
    if (!isMap(value)) return value; // validation reports the wrong type
    const resolved = new Map<string, unknown>();
    for (const [key, item] of value) {
      const name = this.resolve(key, [...path, '?'], { ...location, field: `${location.field} key` });
      resolved.set(name, valuesAreIndices ? this.resolve(item, [...path, String(key)], { ...location, field: `${location.field}.${name}` }) : item);
    }
    return resolved;
  }
}

function locateV05(path: readonly PathSegment[]): ProblemLocation {
  const [section, ...rest] = path;
  if (section === 0) return { field: `string_table[${String(rest[0])}]` };
  return locateInTraces(rest);
}
