import type { EncoderOptions } from './encoder-options.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { CompactSpanRecord } from './compact-span-record.js';
import { CompactSpanWriterV04 } from './compact-span-v04.js';
import { writeSpanEvents } from './span-events-v04.js';
import type { DatadogSpanRecord, EncodedPayload, TraceChunk, TraceEncoder } from './span-record.js';
import {
  ERROR_THEN_KEY_START,
  HEAD_WITH_TYPE,
  HEAD_WITHOUT_TYPE,
  KEY_DURATION,
  KEY_META_MAP32,
  KEY_METRICS_MAP32,
  KEY_NAME,
  KEY_PARENT_ID,
  KEY_RESOURCE,
  KEY_SERVICE,
  KEY_SPAN_EVENTS,
  KEY_SPAN_ID,
  KEY_TRACE_ID,
  MAP32_HEADER_SIZE,
} from './v04-span-keys.js';

/**
 * `/v0.4/traces` (spec §7.3): array32 of traces, each an array32 of span maps. The payload's
 * trace count is patched into its header by `takePayload`.
 */
export class V04Encoder implements TraceEncoder {
  readonly path = '/v0.4/traces';
  private readonly writer: MsgpackWriter;
  private readonly compactWriter = new CompactSpanWriterV04();
  private traces = 0;
  private spans = 0;
  /** Where each trace of the pending payload starts: lets a 413 split it without the records. */
  private traceStarts: number[] = [];

  constructor(options: EncoderOptions = {}) {
    this.writer = new MsgpackWriter({ initialSize: options.initialSize, sizeHint: options.payloadSizeHint });
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
      for (let i = 0; i < chunk.length; i++) {
        const span = chunk[i]!;
        if (span instanceof CompactSpanRecord) this.compactWriter.write(writer, span);
        else writeSpan(writer, span);
      }
      writer.patchCount32(header, chunk.length);
    } catch (err) {
      writer.truncate(rollbackTo);
      throw err;
    }
    this.traces++;
    this.spans += chunk.length;
    this.traceStarts.push(rollbackTo);
  }

  takePayload(): EncodedPayload {
    this.writer.patchCount32(0, this.traces);
    const payload: EncodedPayload = {
      bytes: this.writer.take(),
      traceOffsets: Uint32Array.from(this.traceStarts),
      traceCount: this.traces,
      spanCount: this.spans,
    };
    this.writer.array32Placeholder();
    this.traces = 0;
    this.spans = 0;
    this.traceStarts = [];
    return payload;
  }

  recycle(payload: EncodedPayload): void {
    this.writer.recycle(payload.bytes);
  }
}

function writeSpan(writer: MsgpackWriter, span: DatadogSpanRecord): void {
  const type = span.type;
  const events = span.spanEvents;
  const hasEvents = events !== undefined && events.length > 0 ? 1 : 0;
  if (typeof type === 'string' && type !== '') {
    writer.raw(HEAD_WITH_TYPE[hasEvents]);
    writer.str(type);
    writer.raw(KEY_TRACE_ID);
  } else {
    writer.raw(HEAD_WITHOUT_TYPE[hasEvents]);
  }
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
  writer.raw(ERROR_THEN_KEY_START[span.error === 1 ? 1 : 0]);
  writer.int(span.start);
  writer.raw(KEY_DURATION);
  writer.int(span.duration);
  writeMeta(writer, span.meta);
  writeMetrics(writer, span.metrics);
  if (hasEvents === 1) {
    writer.raw(KEY_SPAN_EVENTS);
    writeSpanEvents(writer, events!);
  }
}

/** str → str; values that are not strings are skipped (dd-trace-js does the same). */
function writeMeta(writer: MsgpackWriter, meta: Record<string, string>): void {
  writer.raw(KEY_META_MAP32);
  const header = writer.length - MAP32_HEADER_SIZE;
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
  writer.raw(KEY_METRICS_MAP32);
  const header = writer.length - MAP32_HEADER_SIZE;
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
