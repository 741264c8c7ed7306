import type { EncoderOptions } from './encoder-options.js';
import { CompactSpanRecord } from './compact-span-record.js';
import { writeCompactSpanV05 } from './compact-span-v05.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { RecycledBuffers } from './recycled-buffers.js';
import type { DatadogSpanRecord, EncodedPayload, TraceChunk, TraceEncoder } from './span-record.js';
import { StringTable } from './string-table.js';

/** The string table usually stays much smaller than the spans. */
const TABLE_SIZE_DIVISOR = 4;

/**
 * `/v0.5/traces` (spec §7.4): `[stringTable, traces]`, each span a 12-element array whose strings
 * are indices into the table. The table comes first on the wire but grows while spans are
 * written, so spans and table live in separate writers and are joined in `takePayload`.
 * Span events are never native in v0.5 (the mapper already put them in meta `events`).
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
  /** Buffers of sent payloads given back through `recycle()`: later payloads are written into them. */
  private readonly recycled = new RecycledBuffers();

  constructor(options: EncoderOptions = {}) {
    const initialSize = options.initialSize ?? 64 * 1024;
    // Strings are deduplicated by the table, so the writers' own string caches would not help.
    this.spans = new MsgpackWriter({ initialSize, cacheStrings: false });
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
    return 1 + this.table.length + this.spans.length;
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
    this.table.patchCount32(0, this.indices.size);
    this.spans.patchCount32(0, this.traces);
    const bytes = this.payloadBuffer(this.byteLength);
    bytes[0] = 0x92;
    const spansStart = this.table.copyTo(bytes, 1);
    this.spans.copyTo(bytes, spansStart);
    const traceOffsets = new Uint32Array(this.traceStarts.length);
    for (let i = 0; i < traceOffsets.length; i++) traceOffsets[i] = spansStart + this.traceStarts[i]!;
    const payload: EncodedPayload = { bytes, traceOffsets, traceCount: this.traces, spanCount: this.spanCount };
    this.spans.reset();
    this.table.reset();
    this.indices.clear();
    this.traces = 0;
    this.spanCount = 0;
    this.traceStarts = [];
    this.startPayload();
    return payload;
  }

  recycle(payload: EncodedPayload): void {
    this.recycled.giveBack(payload.bytes);
  }

  private payloadBuffer(size: number): Buffer {
    // With some headroom, so the next payload, about as large, fits once this one comes back.
    const buffer = this.recycled.take(size, size + (size >>> 3));
    this.recycled.handOver(buffer);
    return buffer.subarray(0, size);
  }

  private startPayload(): void {
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
    w.int(this.stringIndex(span.service));
    w.int(this.stringIndex(span.name));
    w.int(this.stringIndex(span.resource));
    w.uint64FromHex(span.traceId);
    w.uint64FromHex(span.spanId);
    w.uint64FromHex(span.parentId);
    w.int(span.start);
    w.int(span.duration);
    w.int(span.error === 1 ? 1 : 0);
    this.writeMeta(span.meta);
    this.writeMetrics(span.metrics);
    w.int(this.stringIndex(typeof span.type === 'string' ? span.type : ''));
  }

  /** uint32 index → uint32 index; values that are not strings are skipped. */
  private writeMeta(meta: Record<string, string>): void {
    const w = this.spans;
    const header = w.map32Placeholder();
    let count = 0;
    for (const key in meta) {
      const value = meta[key];
      if (typeof value !== 'string') continue;
      w.int(this.stringIndex(key));
      w.int(this.stringIndex(value));
      count++;
    }
    w.patchCount32(header, count);
  }

  /** uint32 index → number; NaN and non-numbers are skipped, ±Infinity kept as float64. */
  private writeMetrics(metrics: Record<string, number>): void {
    const w = this.spans;
    const header = w.map32Placeholder();
    let count = 0;
    for (const key in metrics) {
      const value = metrics[key];
      if (typeof value !== 'number' || value !== value) continue;
      w.int(this.stringIndex(key));
      w.number(value);
      count++;
    }
    w.patchCount32(header, count);
  }
}
