import { nodeCrypto } from '../internal/node-builtins.js';

/**
 * Span and trace ids. A span id is kept as two signed 32-bit halves (small integers to V8, so
 * storing one allocates nothing) and turned into hex only when something asks for it
 * (`spanContext()`, propagation); the encoders write the halves as uint64 directly. Random words
 * come from a pooled buffer so an id costs two array reads instead of a crypto call.
 */
const POOL_WORDS = 2048;
const pool = new Int32Array(POOL_WORDS);
let poolIndex = POOL_WORDS;

/** The halves produced by the last `nextSpanId()`: read them right after the call. */
export const generatedId = { high: 0, low: 0 };

/**
 * Draws a new 64-bit span id into `generatedId`. The top bit is cleared (as dd-trace-js does) so
 * ids stay positive as signed int64 in every Datadog tracer; a zero id is invalid, so an all-zero
 * draw becomes 1.
 */
export function nextSpanId(): void {
  if (poolIndex + 2 > POOL_WORDS) {
    nodeCrypto().randomFillSync(pool);
    poolIndex = 0;
  }
  const high = pool[poolIndex]! & 0x7fffffff;
  const low = pool[poolIndex + 1]!;
  poolIndex += 2;
  generatedId.high = high;
  generatedId.low = high === 0 && low === 0 ? 1 : low;
}

/** Char codes of the lower-hex digits, by value. */
const HEX_DIGIT_CODES = new Uint8Array([...'0123456789abcdef'].map((digit) => digit.charCodeAt(0)));

/**
 * 8 lower-hex chars of a 32-bit word (either sign). Built from char codes in one call:
 * `(word >>> 0).toString(16)` takes V8's slow radix path for words above 2^31 (~0.5–1 µs here,
 * 20–50× this), and every `spanContext()` and trace id needs two or three of them.
 */
export function hexWord(word: number): string {
  const d = HEX_DIGIT_CODES;
  return String.fromCharCode(
    d[(word >>> 28) & 15]!, d[(word >>> 24) & 15]!, d[(word >>> 20) & 15]!, d[(word >>> 16) & 15]!,
    d[(word >>> 12) & 15]!, d[(word >>> 8) & 15]!, d[(word >>> 4) & 15]!, d[word & 15]!,
  );
}

/** 16 lower-hex chars of the 64-bit id `high:low`, as one string (see `hexWord`). */
export function idToHex(high: number, low: number): string {
  const d = HEX_DIGIT_CODES;
  return String.fromCharCode(
    d[(high >>> 28) & 15]!, d[(high >>> 24) & 15]!, d[(high >>> 20) & 15]!, d[(high >>> 16) & 15]!,
    d[(high >>> 12) & 15]!, d[(high >>> 8) & 15]!, d[(high >>> 4) & 15]!, d[high & 15]!,
    d[(low >>> 28) & 15]!, d[(low >>> 24) & 15]!, d[(low >>> 20) & 15]!, d[(low >>> 16) & 15]!,
    d[(low >>> 12) & 15]!, d[(low >>> 8) & 15]!, d[(low >>> 4) & 15]!, d[low & 15]!,
  );
}

/** Hex digit values by char code (& 0x7f); anything that is not a hex digit counts as 0. */
export const HEX_VALUES = buildHexTable();

function buildHexTable(): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
}

/**
 * A 32-bit word (signed) from 8 hex chars of `hex` starting at `from`. The same reading the
 * encoders always applied to hex ids: non-hex chars count as 0.
 */
export function hexToWord(hex: string, from: number): number {
  let word = 0;
  for (let i = from; i < from + 8; i++) word = (word << 4) | HEX_VALUES[hex.charCodeAt(i) & 0x7f]!;
  return word;
}

/** Any hex id cut or zero-padded to its low 64 bits (16 chars), as the encoders read ids. */
export function low64Hex(hex: string): string {
  if (hex.length === 16) return hex;
  return hex.length > 16 ? hex.slice(-16) : hex.padStart(16, '0');
}

/** A new 64-bit span id as 16 lower-hex chars, never zero (for contexts that only need text). */
export function newSpanId(): string {
  nextSpanId();
  return idToHex(generatedId.high, generatedId.low);
}

/**
 * The trace id drawn by the last `nextTraceId()`: read it right after the call. `highHex` is the
 * high 64 bits as 16 lower-hex chars (Datadog's `_dd.p.tid`), undefined for a 64-bit id;
 * `lowHigh:low` the random low 64 bits as signed 32-bit halves, like span ids.
 */
export const generatedTraceId: { highHex: string | undefined; lowHigh: number; low: number } = {
  highHex: undefined,
  lowHigh: 0,
  low: 0,
};

let lastHighSeconds = -1;
let lastHighHex = '';

/**
 * Draws a new trace id into `generatedTraceId`, without building its hex: a request span's id
 * is only ever written as numbers unless something asks for the text (`spanContext()`,
 * propagation). With 128-bit generation the high half follows Datadog's layout
 * (`<unix seconds as 8 hex><00000000>`), so the backend can read the trace's start time; its
 * text changes once a second and is made once per second. `nowEpochMs`: the current time in epoch
 * milliseconds, when the caller has it.
 */
export function nextTraceId(use128Bit: boolean, nowEpochMs?: number): void {
  nextSpanId();
  generatedTraceId.lowHigh = generatedId.high;
  generatedTraceId.low = generatedId.low;
  if (!use128Bit) {
    generatedTraceId.highHex = undefined;
    return;
  }
  // A clock read the caller already made saves `Date.now()`, a runtime call (~200 instructions).
  const seconds = Math.floor((nowEpochMs ?? Date.now()) / 1000);
  if (seconds !== lastHighSeconds) {
    lastHighSeconds = seconds;
    lastHighHex = hexWord(seconds) + '00000000';
  }
  generatedTraceId.highHex = lastHighHex;
}

const ZERO_HIGH_HEX = '0000000000000000';

/** The 32 lower-hex chars of a trace id drawn by `nextTraceId` (see `generatedTraceId`). */
export function traceIdToHex(highHex: string | undefined, lowHigh: number, low: number): string {
  return (highHex ?? ZERO_HIGH_HEX) + idToHex(lowHigh, low);
}

/** A new trace id, 32 lower-hex chars (for contexts that only need text). */
export function newTraceId(use128Bit: boolean): string {
  nextTraceId(use128Bit);
  return traceIdToHex(generatedTraceId.highHex, generatedTraceId.lowHigh, generatedTraceId.low);
}
