import type { EncoderOptions } from './encoder-options.js';
import { CompactSpanRecord } from './compact-span-record.js';
import { writeCompactSpanV05 } from './compact-span-v05.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { preEncode } from './pre-encoded.js';
import type { DatadogSpanRecord, EncodedPayload, TraceChunk, TraceEncoder } from './span-record.js';
import { StringTable } from './string-table.js';

/** The table starts smaller than the spans; it grows to hold the whole payload once, then stays. */
const TABLE_SIZE_DIVISOR = 4;
/** The table writer starts with the payload's fixarray(2), then the table's array32 header. */
const TABLE_HEADER_OFFSET = 1;
const PAYLOAD_HEADER = preEncode(0x92);

/**
 * `/v0.5/traces` (spec §7.4): `[stringTable, traces]`, each span a 12-element array whose strings
 * are indices into the table. The table comes first on the wire but grows while spans are
 * written, so spans and table live in separate writers; `takePayload` appends the spans to the
 * table's writer, which hands its buffer over as the payload (the table, usually the larger
 * part with span events' JSON, is not copied). Span events are never native in v0.5 (the
 * mapper already put them in meta `events`).
 */
export class V05Encoder implements TraceEncoder {
  readonly path = '/v0.5/traces';
  private readonly spans: MsgpackWriter;
  private readonly table: MsgpackWriter;
  /** Named for `takePayload`, which reads its `size` and clears it. */
  private readonly indices: StringTable;
  private traces = 0;
  private spanCount = 0;
  /** Where each trace starts in the span writer: lets a 413 split the payload without the records. */
  private traceStarts: number[] = [];

  constructor(options: EncoderOptions = {}) {
    const initialSize = options.initialSize ?? 64 * 1024;
    // Strings are deduplicated by the table, so the writers' own string caches would not help.
    this.spans = new MsgpackWriter({ initialSize, cacheStrings: false, sizeHint: options.payloadSizeHint });
    this.table = new MsgpackWriter({
      initialSize: Math.max(16, Math.floor(initialSize / TABLE_SIZE_DIVISOR)),
      cacheStrings: false,
    });
    this.indices = new StringTable(this.table);
    this.startPayload();
  }

  get traceCount(): number {
    return this.traces;
  }

  /** Includes the string table, which counts towards the 8 MiB soft limit too. */
  get byteLength(): number {
    return this.table.length + this.spans.length;
  }

  /**
   * Atomic: if a record cannot be encoded, no span of the chunk is kept and the error is thrown.
   * Strings it already added to the table stay there, unreferenced, which is harmless.
   */
  append(chunk: TraceChunk): void {
    if (chunk.length === 0) return;
    const spans = this.spans;
    const rollbackTo = spans.length;
    try {
      const header = spans.array32Placeholder();
      for (let i = 0; i < chunk.length; i++) this.writeSpan(chunk[i]!);
      spans.patchCount32(header, chunk.length);
    } catch (err) {
      spans.truncate(rollbackTo);
      throw err;
    }
    this.traces++;
    this.spanCount += chunk.length;
    this.traceStarts.push(rollbackTo);
  }

  takePayload(): EncodedPayload {
    const table = this.table;
    table.patchCount32(TABLE_HEADER_OFFSET, this.indices.size);
    this.spans.patchCount32(0, this.traces);
    const spansStart = table.length;
    table.appendWritten(this.spans);
    const bytes = table.take();
    const traceOffsets = new Uint32Array(this.traceStarts.length);
    for (let i = 0; i < traceOffsets.length; i++) traceOffsets[i] = spansStart + this.traceStarts[i]!;
    const payload: EncodedPayload = { bytes, traceOffsets, traceCount: this.traces, spanCount: this.spanCount };
    this.spans.reset();
    this.indices.clear();
    this.traces = 0;
    this.spanCount = 0;
    this.traceStarts = [];
    this.startPayload();
    return payload;
  }

  recycle(payload: EncodedPayload): void {
    this.table.recycle(payload.bytes);
  }

  private startPayload(): void {
    this.table.raw(PAYLOAD_HEADER);
    this.table.array32Placeholder();
    this.stringIndex('');
    this.spans.array32Placeholder();
  }

  private stringIndex(value: string): number {
    return this.indices.indexOf(value);
  }

  private writeSpan(span: DatadogSpanRecord): void {
    const w = this.spans;
    if (span instanceof CompactSpanRecord) {
      writeCompactSpanV05(w, this.indices, span);
      return;
    }
    // fixarray(12): the Agent requires exactly 12 elements.
    w.arrayHeader(12);
    w.index(this.stringIndex(span.service));
    w.index(this.stringIndex(span.name));
    w.index(this.stringIndex(span.resource));
    w.uint64FromHex(span.traceId);
    w.uint64FromHex(span.spanId);
    w.uint64FromHex(span.parentId);
    w.int(span.start);
    w.int(span.duration);
    w.index(span.error === 1 ? 1 : 0);
    this.writeMeta(span.meta);
    this.writeMetrics(span.metrics);
    w.index(this.stringIndex(typeof span.type === 'string' ? span.type : ''));
  }

  /** uint32 index → uint32 index (fixmap header unless 16+ entries); values that are not strings are skipped. */
  private writeMeta(meta: Record<string, string>): void {
    const w = this.spans;
    const header = w.mapPlaceholder();
    let count = 0;
    for (const key in meta) {
      const value = meta[key];
      if (typeof value !== 'string') continue;
      w.index(this.stringIndex(key));
      w.index(this.stringIndex(value));
      count++;
    }
    w.patchMapCount(header, count);
  }

  /** uint32 index → number; NaN and non-numbers are skipped, ±Infinity kept as float64. */
  private writeMetrics(metrics: Record<string, number>): void {
    const w = this.spans;
    const header = w.mapPlaceholder();
    let count = 0;
    for (const key in metrics) {
      const value = metrics[key];
      if (typeof value !== 'number' || value !== value) continue;
      w.index(this.stringIndex(key));
      w.number(value);
      count++;
    }
    w.patchMapCount(header, count);
  }
}
