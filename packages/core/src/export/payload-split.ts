import type { EncodedPayload } from '../encode/span-record.js';

const ARRAY32 = 0xdd;
const ARRAY32_HEADER_SIZE = 5;

function checkArray32(bytes: Uint8Array, offset: number, what: string): void {
  if (offset < 0 || offset + ARRAY32_HEADER_SIZE > bytes.length || bytes[offset] !== ARRAY32) {
    throw new RangeError(`payload has no array32 header for ${what} at byte ${offset}`);
  }
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** Every trace starts with an array32 header, after the previous one, and inside the bytes. */
function checkLayout({ bytes, traceOffsets }: EncodedPayload): void {
  checkArray32(bytes, traceOffsets[0]! - ARRAY32_HEADER_SIZE, 'the traces');
  let previous = -1;
  for (let i = 0; i < traceOffsets.length; i++) {
    const offset = traceOffsets[i]!;
    if (offset <= previous) throw new RangeError(`trace offsets are not ascending at trace ${i}`);
    checkArray32(bytes, offset, `trace ${i}`);
    previous = offset;
  }
}

/** Traces `from` (inclusive) to `to` (exclusive) of `payload`, behind a copy of its prefix. */
function sliceTraces(payload: EncodedPayload, from: number, to: number): EncodedPayload {
  const { bytes, traceOffsets } = payload;
  const prefixEnd = traceOffsets[0]!;
  const start = traceOffsets[from]!;
  const end = to < traceOffsets.length ? traceOffsets[to]! : bytes.length;
  const out = Buffer.allocUnsafe(prefixEnd + (end - start));
  out.set(bytes.subarray(0, prefixEnd), 0);
  out.writeUInt32BE(to - from, prefixEnd - 4);
  out.set(bytes.subarray(start, end), prefixEnd);

  const offsets = new Uint32Array(to - from);
  let spans = 0;
  for (let i = from; i < to; i++) {
    const offset = traceOffsets[i]!;
    spans += readUint32(bytes, offset + 1);
    offsets[i - from] = prefixEnd + (offset - start);
  }
  return { bytes: out, traceOffsets: offsets, traceCount: to - from, spanCount: spans };
}

/**
 * Cuts a payload the Agent refused as too large (413) into two valid payloads of half the traces
 * each, from its bytes alone (layout: see `EncodedPayload`). Both halves keep the whole prefix,
 * which for v0.5 is the string table: indices stay valid, unused strings are harmless.
 * Returns undefined for a payload of one trace, which cannot be cut; throws a RangeError when
 * the bytes do not have the expected layout.
 */
export function splitPayload(payload: EncodedPayload): [EncodedPayload, EncodedPayload] | undefined {
  const { traceOffsets } = payload;
  if (traceOffsets.length !== payload.traceCount) {
    throw new RangeError(`payload lists ${traceOffsets.length} trace offsets for ${payload.traceCount} traces`);
  }
  if (traceOffsets.length < 2) return undefined;
  checkLayout(payload);
  const middle = Math.ceil(traceOffsets.length / 2);
  return [sliceTraces(payload, 0, middle), sliceTraces(payload, middle, traceOffsets.length)];
}
