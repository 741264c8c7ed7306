import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { createEncoder } from '../encode/create-encoder.js';
import type { EncodedPayload, TraceChunk } from '../encode/span-record.js';
import { splitPayload } from './payload-split.js';
import { makeChunk } from './test-support.js';

// Ids are uint64: keep them exact.
const unpackr = new Unpackr({ int64AsType: 'bigint', mapsAsObjects: true });

function encode(version: '0.4' | '0.5', chunks: TraceChunk[]): EncodedPayload {
  const encoder = createEncoder(version);
  for (const chunk of chunks) encoder.append(chunk);
  return encoder.takePayload();
}

/** Cuts a payload down to single traces, checking each piece's own bookkeeping on the way. */
function splitToSingleTraces(payload: EncodedPayload): EncodedPayload[] {
  const halves = splitPayload(payload);
  if (halves === undefined) return [payload];
  for (const half of halves) {
    expect(half.traceOffsets).toHaveLength(half.traceCount);
  }
  expect(halves[0].traceCount + halves[1].traceCount).toBe(payload.traceCount);
  expect(halves[0].spanCount + halves[1].spanCount).toBe(payload.spanCount);
  return [...splitToSingleTraces(halves[0]), ...splitToSingleTraces(halves[1])];
}

const chunks = (): TraceChunk[] => [makeChunk(1, 300), makeChunk(3), makeChunk(2, 40), makeChunk(5), makeChunk(1)];

describe('splitPayload', () => {
  it('cuts a v0.4 payload into valid payloads of whole traces, in order', () => {
    const payload = encode('0.4', chunks());
    const whole = unpackr.unpack(payload.bytes) as unknown[][];
    expect(payload).toMatchObject({ traceCount: 5, spanCount: 12 });

    const [first, second] = splitPayload(payload)!;
    expect(first).toMatchObject({ traceCount: 3, spanCount: 6 });
    expect(second).toMatchObject({ traceCount: 2, spanCount: 6 });
    expect(unpackr.unpack(first.bytes)).toEqual(whole.slice(0, 3));
    expect(unpackr.unpack(second.bytes)).toEqual(whole.slice(3));
    // Nothing but re-framing: the traces' bytes are the original ones.
    expect(first.bytes.length + second.bytes.length).toBe(payload.bytes.length + 5);

    const pieces = splitToSingleTraces(payload);
    expect(pieces.map((piece) => unpackr.unpack(piece.bytes))).toEqual(whole.map((trace) => [trace]));
    expect(pieces.map((piece) => piece.spanCount)).toEqual([1, 3, 2, 5, 1]);
  });

  it('cuts a v0.5 payload keeping the whole string table in each part', () => {
    const payload = encode('0.5', chunks());
    const [table, traces] = unpackr.unpack(payload.bytes) as [string[], unknown[][]];
    expect(traces).toHaveLength(5);

    const [first, second] = splitPayload(payload)!;
    expect(unpackr.unpack(first.bytes)).toEqual([table, traces.slice(0, 3)]);
    expect(unpackr.unpack(second.bytes)).toEqual([table, traces.slice(3)]);

    const pieces = splitToSingleTraces(payload);
    expect(pieces.map((piece) => unpackr.unpack(piece.bytes))).toEqual(traces.map((trace) => [table, [trace]]));
    // Every string index of every piece still points into its table.
    for (const piece of pieces) {
      const [pieceTable, [trace]] = unpackr.unpack(piece.bytes) as [string[], unknown[][][]];
      for (const span of trace!) expect(pieceTable[span[1] as number]).toBe('test.op');
    }
  });

  it('returns undefined for a payload of one trace, which cannot be cut', () => {
    expect(splitPayload(encode('0.4', [makeChunk(4)]))).toBeUndefined();
    expect(splitPayload(encode('0.5', [makeChunk(4)]))).toBeUndefined();
  });

  it('throws a RangeError rather than send bytes without the expected layout', () => {
    const payload = encode('0.4', chunks());
    expect(() => splitPayload({ ...payload, traceOffsets: payload.traceOffsets.subarray(1) })).toThrow(RangeError);
    expect(() => splitPayload({ ...payload, traceOffsets: payload.traceOffsets.map((offset) => offset + 1) })).toThrow(
      RangeError,
    );
    const shifted = Uint32Array.from(payload.traceOffsets);
    shifted[3] = payload.bytes.length + 10;
    expect(() => splitPayload({ ...payload, traceOffsets: shifted })).toThrow(RangeError);
  });
});
