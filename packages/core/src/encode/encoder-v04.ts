import type { EncoderOptions } from './encoder-options.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { preEncodeKey } from './pre-encoded.js';
import { writeSpanEvents } from './span-events-v04.js';
import type { DatadogSpanRecord, TraceChunk, TraceEncoder } from './span-record.js';


const KEY_TYPE = preEncodeKey('type');
const KEY_TRACE_ID = preEncodeKey('trace_id');
const KEY_SPAN_ID = preEncodeKey('span_id');
const KEY_PARENT_ID = preEncodeKey('parent_id');
const KEY_NAME = preEncodeKey('name');
const KEY_RESOURCE = preEncodeKey('resource');
const KEY_SERVICE = preEncodeKey('service');
const KEY_ERROR = preEncodeKey('error');
const KEY_START = preEncodeKey('start');
const KEY_DURATION = preEncodeKey('duration');
const KEY_META = preEncodeKey('meta');
const KEY_METRICS = preEncodeKey('metrics');
const KEY_SPAN_EVENTS = preEncodeKey('span_events');

/**
 * `/v0.4/traces` (spec §7.3): array32 of traces, each an array32 of span maps. The payload's
 * trace count is patched into its header by `takePayload`.
 */
export class V04Encoder implements TraceEncoder {
  readonly path = '/v0.4/traces';
  private readonly writer: MsgpackWriter;
  private traces = 0;

  constructor(options: EncoderOptions = {}) {
    this.writer = new MsgpackWriter({ initialSize: options.initialSize });
    this.writer.array32Placeholder();
  }

  get traceCount(): number {
    return this.traces;
  }

  get byteLength(): number {
    return this.writer.length;
  }

  /** Atomic: if a record cannot be encoded, the payload is left as it was and the error thrown. */
  append(chunk: TraceChunk): void {
    if (chunk.length === 0) return;
    const writer = this.writer;
    const rollbackTo = writer.length;
    try {
      const header = writer.array32Placeholder();
      for (let i = 0; i < chunk.length; i++) writeSpan(writer, chunk[i]!);
      writer.patchCount32(header, chunk.length);
    } catch (err) {
      writer.truncate(rollbackTo);
      throw err;
    }
    this.traces++;
  }

  takePayload(): Uint8Array {
    this.writer.patchCount32(0, this.traces);
    const payload = this.writer.take();
    this.writer.array32Placeholder();
    this.traces = 0;
    return payload;
  }
}

function writeSpan(writer: MsgpackWriter, span: DatadogSpanRecord): void {
  const type = span.type;
  const hasType = typeof type === 'string' && type !== '';
  const events = span.spanEvents;
  const hasEvents = events !== undefined && events.length > 0;
  writer.mapHeader(11 + (hasType ? 1 : 0) + (hasEvents ? 1 : 0));
  if (hasType) {
    writer.raw(KEY_TYPE);
    writer.str(type);
  }
  writer.raw(KEY_TRACE_ID);
  writer.uint64FromHex(span.traceId);
  writer.raw(KEY_SPAN_ID);
  writer.uint64FromHex(span.spanId);
  writer.raw(KEY_PARENT_ID);
  writer.uint64FromHex(span.parentId);
  writer.raw(KEY_NAME);
  writer.str(span.name);
  writer.raw(KEY_RESOURCE);
  writer.str(span.resource);
  writer.raw(KEY_SERVICE);
  writer.str(span.service);
  writer.raw(KEY_ERROR);
  writer.int(span.error === 1 ? 1 : 0);
  writer.raw(KEY_START);
  writer.int(span.start);
  writer.raw(KEY_DURATION);
  writer.int(span.duration);
  writer.raw(KEY_META);
  writeMeta(writer, span.meta);
  writer.raw(KEY_METRICS);
  writeMetrics(writer, span.metrics);
  if (hasEvents) {
    writer.raw(KEY_SPAN_EVENTS);
    writeSpanEvents(writer, events);
  }
}

/** str → str; values that are not strings are skipped (dd-trace-js does the same). */
function writeMeta(writer: MsgpackWriter, meta: Record<string, string>): void {
  const header = writer.map32Placeholder();
  let count = 0;
  for (const key in meta) {
    const value = meta[key];
    if (typeof value !== 'string') continue;
    writer.str(key);
    writer.str(value);
    count++;
  }
  writer.patchCount32(header, count);
}

/** str → number; NaN and non-numbers are skipped, ±Infinity kept as float64. */
function writeMetrics(writer: MsgpackWriter, metrics: Record<string, number>): void {
  const header = writer.map32Placeholder();
  let count = 0;
  for (const key in metrics) {
    const value = metrics[key];
    if (typeof value !== 'number' || value !== value) continue;
    writer.str(key);
    writer.number(value);
    count++;
  }
  writer.patchCount32(header, count);
}
