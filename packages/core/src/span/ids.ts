import { randomFillSync } from 'node:crypto';

/**
 * Span and trace ids as lower-case hex. Random bytes come from a pooled buffer so that an id costs
 * a few table look-ups instead of a crypto call per span.
 */
const POOL_BYTES = 8 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function random64Hex(): string {
  if (poolOffset + 8 > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const o = poolOffset;
  poolOffset += 8;
  // The top bit is cleared (as dd-trace-js does) so ids stay positive as signed int64 in every
  // Datadog tracer; a zero id is invalid, so the lowest byte is forced non-zero when all are zero.
  const hex =
    BYTE_TO_HEX[pool[o]! & 0x7f]! +
    BYTE_TO_HEX[pool[o + 1]!]! +
    BYTE_TO_HEX[pool[o + 2]!]! +
    BYTE_TO_HEX[pool[o + 3]!]! +
    BYTE_TO_HEX[pool[o + 4]!]! +
    BYTE_TO_HEX[pool[o + 5]!]! +
    BYTE_TO_HEX[pool[o + 6]!]! +
    BYTE_TO_HEX[pool[o + 7]!]!;
  return hex === '0000000000000000' ? '0000000000000001' : hex;
}

/** A new 64-bit span id, 16 lower-hex chars, never zero. */
export function newSpanId(): string {
  return random64Hex();
}

const ZERO_HIGH = '0000000000000000';

/**
 * A new trace id, 32 lower-hex chars. With 128-bit generation the high half follows Datadog's
 * layout (`<unix seconds as 8 hex><00000000>`), so the backend can read the trace's start time.
 */
export function newTraceId(use128Bit: boolean): string {
  if (!use128Bit) return ZERO_HIGH + random64Hex();
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return seconds + '00000000' + random64Hex();
}
