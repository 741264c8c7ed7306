/**
 * What the encoders hand the exporter (`takePayload()`) and take back (`recycle()`): counts, the
 * byte offset of every trace, and reuse of a sent payload's memory for a later payload.
 */
import { describe, expect, it } from 'vitest';
import { createEncoder } from './create-encoder.js';
import type { AgentProtocolVersion } from './create-encoder.js';
import type { DatadogSpanRecord, TraceChunk } from './span-record.js';

let nextId = 1;

function chunk(spans: number, padding = 0): TraceChunk {
  const traceId = (nextId++).toString(16).padStart(16, '0');
  return Array.from(
    { length: spans },
    (_, i): DatadogSpanRecord => ({
      traceId,
      spanId: (nextId++).toString(16).padStart(16, '0'),
      parentId: '0000000000000000',
      name: 'handoff.op',
      resource: `resource ${i}`,
      service: 'svc',
      type: '',
      error: 0,
      start: 1_700_000_000_000_000_000,
      duration: 1000,
      meta: padding > 0 ? { pad: 'x'.repeat(padding) } : {},
      metrics: {},
    }),
  );
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(offset);
}

const versions: AgentProtocolVersion[] = ['0.4', '0.5'];

describe.each(versions)('v%s takePayload()', (version) => {
  it('reports the trace and span counts and where each trace starts', () => {
    const encoder = createEncoder(version);
    const sizes = [1, 3, 2];
    for (const spans of sizes) encoder.append(chunk(spans));
    const payload = encoder.takePayload();

    expect(payload).toMatchObject({ traceCount: 3, spanCount: 6 });
    expect(payload.traceOffsets).toHaveLength(3);
    // Each offset points at an array32 of that trace's spans; the traces' count sits just before the first.
    payload.traceOffsets.forEach((offset, i) => {
      expect(payload.bytes[offset]).toBe(0xdd);
      expect(readUint32(payload.bytes, offset + 1)).toBe(sizes[i]);
    });
    const first = payload.traceOffsets[0]!;
    expect(payload.bytes[first - 5]).toBe(0xdd);
    expect(readUint32(payload.bytes, first - 4)).toBe(3);
  });

  it('leaves no offset behind for a chunk that failed to encode', () => {
    const encoder = createEncoder(version);
    encoder.append(chunk(2));
    // The second span cannot be encoded: the first one must not stay behind either.
    const broken = chunk(2);
    broken[1]!.resource = null as unknown as string;
    expect(() => encoder.append(broken)).toThrow();
    encoder.append(chunk(1));
    const payload = encoder.takePayload();
    expect(payload).toMatchObject({ traceCount: 2, spanCount: 3 });
    expect(Array.from(payload.traceOffsets, (offset) => readUint32(payload.bytes, offset + 1))).toEqual([2, 1]);
  });

  it('starts each payload with fresh counts and offsets', () => {
    const encoder = createEncoder(version);
    encoder.append(chunk(4));
    encoder.takePayload();
    encoder.append(chunk(1));
    const second = encoder.takePayload();
    expect(second).toMatchObject({ traceCount: 1, spanCount: 1 });
    expect(second.traceOffsets).toHaveLength(1);
  });
});

describe.each(versions)('v%s recycle()', (version) => {
  /** Payloads large enough to be handed over rather than copied. */
  function takeLarge(encoder: ReturnType<typeof createEncoder>): ReturnType<typeof encoder.takePayload> {
    for (let i = 0; i < 8; i++) encoder.append(chunk(1, 200));
    return encoder.takePayload();
  }

  it('writes a later payload into the memory of one given back', () => {
    const encoder = createEncoder(version, { initialSize: 1024 });
    const first = takeLarge(encoder);
    encoder.recycle!(first);
    const second = takeLarge(encoder);
    const third = takeLarge(encoder);
    const reused = [second, third].filter((payload) => payload.bytes.buffer === first.bytes.buffer);
    expect(reused).toHaveLength(1);
  });

  it('allocates anew without a payload given back', () => {
    const encoder = createEncoder(version, { initialSize: 1024 });
    const first = takeLarge(encoder);
    const later = [takeLarge(encoder), takeLarge(encoder)];
    expect(later.every((payload) => payload.bytes.buffer !== first.bytes.buffer)).toBe(true);
  });

  it('ignores bytes it did not hand over, and the same payload given back twice', () => {
    const encoder = createEncoder(version, { initialSize: 1024 });
    const foreign = Buffer.alloc(64 * 1024);
    encoder.recycle!({ bytes: foreign, traceOffsets: new Uint32Array(0), traceCount: 0, spanCount: 0 });
    const first = takeLarge(encoder);
    const second = takeLarge(encoder);
    expect([first, second].some((payload) => payload.bytes.buffer === foreign.buffer)).toBe(false);

    encoder.recycle!(first);
    encoder.recycle!(first);
    const reusers = [takeLarge(encoder), takeLarge(encoder), takeLarge(encoder)].filter(
      (payload) => payload.bytes.buffer === first.bytes.buffer,
    );
    expect(reusers).toHaveLength(1);
  });
});
