import { MsgpackHeaderWriter } from './msgpack-header-writer.js';
import type { PreEncoded } from './pre-encoded.js';
import { HEX_VALUES } from '../span/ids.js';

const TWO_POW_32 = 4294967296;
/** From this size on, a native copy beats 32-bit stores (its call costs about 16 of them). */
const NATIVE_RAW_COPY_MIN = 64;
const TWO_POW_63 = 9223372036854775808;
const TWO_POW_64 = 18446744073709551616;

export interface MsgpackWriterOptions {
  /** Initial buffer size in bytes (default 64 KiB). */
  initialSize?: number;
  /**
   * Copy a long or non-ASCII string that repeats in a payload from its first occurrence
   * (default true). Off for the v0.5 encoder, whose string table already deduplicates.
   */
  cacheStrings?: boolean;
  /** Capacity to stop doubling at while the bytes fit (see `EncoderOptions.payloadSizeHint`). */
  sizeHint?: number;
}

/**
 * A MessagePack writer specialised for trace payloads: no allocation per value, uint64 written
 * from hex or from doubles beyond 2^53 without BigInt, integers in their shortest form, and
 * 32-bit array/map headers whose count is patched once known. Only the formats the trace
 * encoders need exist (no bin/ext).
 */
export class MsgpackWriter extends MsgpackHeaderWriter {
  constructor(options: MsgpackWriterOptions = {}) {
    super(options.initialSize, options.cacheStrings !== false, options.sizeHint);
  }

  /** Append a constant prepared by `preEncode`. */
  raw(encoded: PreEncoded): void {
    this.ensure(encoded.byteLength);
    if (encoded.byteLength >= NATIVE_RAW_COPY_MIN) {
      this.buf.set(encoded.bytes, this.pos);
      this.pos += encoded.byteLength;
      return;
    }
    const view = this.view;
    const words = encoded.words;
    let p = this.pos;
    for (let i = 0; i < words.length; i++, p += 4) view.setUint32(p, words[i]!);
    const tail = encoded.tail;
    for (let i = 0; i < tail.length; i++) this.buf[p++] = tail[i]!;
    this.pos = p;
  }

  /**
   * Append `template` with the 32-bit `words` stored at byte offsets `holes` within it: a fixed
   * layout (keys and type bytes) around values, in one call.
   */
  rawWithWords(template: PreEncoded, holes: Uint8Array, words: Int32Array): void {
    const start = this.pos;
    this.raw(template);
    this.patchWords(start, holes, words);
  }

  /** Overwrites the holes of a template copied to `start` (e.g. with `copyWritten`) with `words`. */
  patchWords(start: number, holes: Uint8Array, words: Int32Array): void {
    const view = this.view;
    for (let i = 0; i < holes.length; i++) view.setInt32(start + holes[i]!, words[i]!);
  }

  nil(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 0xc3 : 0xc2;
  }

  /**
   * uint64 (`0xcf`) from 16 hex chars, as two 32-bit halves. A table lookup per char: no BigInt,
   * and ~5× faster than `parseInt` on two `slice`s (which allocate). Other lengths are
   * zero-padded or cut to the low 64 bits; non-hex chars count as 0.
   */
  uint64FromHex(hex: string): void {
    if (hex.length !== 16) hex = hex.length > 16 ? hex.slice(-16) : hex.padStart(16, '0');
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 8; i++) hi = (hi << 4) | HEX_VALUES[hex.charCodeAt(i) & 0x7f]!;
    for (let i = 8; i < 16; i++) lo = (lo << 4) | HEX_VALUES[hex.charCodeAt(i) & 0x7f]!;
    this.uint64Halves(0xcf, hi, lo);
  }

  /**
   * uint64 (`0xcf`) from a double, which may exceed 2^53 (epoch nanoseconds). Fractions are
   * truncated; negative and NaN become 0, values ≥ 2^64 the maximum.
   */
  uint64FromNumber(value: number): void {
    if (!(value > 0)) return this.uint64Halves(0xcf, 0, 0);
    if (value >= TWO_POW_64) return this.uint64Halves(0xcf, 0xffffffff, 0xffffffff);
    value = Math.floor(value);
    const hi = Math.floor(value / TWO_POW_32);
    this.uint64Halves(0xcf, hi, value - hi * TWO_POW_32);
  }

  /** uint64 (`0xcf`) from its 32-bit halves (either sign; ids are kept as signed halves). */
  uint64FromWords(high: number, low: number): void {
    this.uint64Halves(0xcf, high, low);
  }

  /** A type byte then 8 bytes; `hi` and `lo` are the 32-bit halves (any sign, low 32 bits used). */
  private uint64Halves(type: number, hi: number, lo: number): void {
    this.ensure(9);
    const p = this.pos;
    this.buf[p] = type;
    this.view.setUint32(p + 1, hi >>> 0);
    this.view.setUint32(p + 5, lo >>> 0);
    this.pos = p + 9;
  }

  /**
   * Integer in its shortest encoding. Fractions are truncated, NaN becomes 0, and values beyond
   * the int64 range are clamped to it, so the result is always a valid int64 on the wire.
   */
  int(value: number): void {
    if (value >= 0) {
      if (value < 0x80 && value === (value | 0)) {
        this.ensure(1);
        this.buf[this.pos++] = value;
        return;
      }
      if (value < TWO_POW_63 && value === Math.floor(value)) return this.uint(value);
    } else if (value >= -0x80000000 && value === (value | 0)) {
      return this.negativeInt32(value);
    }
    this.intOutOfRange(value);
  }

  /** A non-negative integer below 2^63. */
  private uint(value: number): void {
    if (value < TWO_POW_32) return this.index(value);
    // Epoch nanoseconds land here on every span.
    const hi = Math.floor(value / TWO_POW_32);
    this.uint64Halves(0xcf, hi, value - hi * TWO_POW_32);
  }

  private negativeInt32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    const p = this.pos;
    if (value >= -32) {
      buf[p] = value & 0xff;
      this.pos = p + 1;
    } else if (value >= -0x80) {
      buf[p] = 0xd0;
      this.view.setInt8(p + 1, value);
      this.pos = p + 2;
    } else if (value >= -0x8000) {
      buf[p] = 0xd1;
      this.view.setInt16(p + 1, value);
      this.pos = p + 3;
    } else {
      buf[p] = 0xd2;
      this.view.setInt32(p + 1, value);
      this.pos = p + 5;
    }
  }

  /** Fractions, NaN, ±Infinity, int64 below -2^31 and anything beyond the int64 range. */
  private intOutOfRange(value: number): void {
    value = value !== value ? 0 : Math.trunc(value);
    if (value >= TWO_POW_63) return this.uint64Halves(0xcf, 0x7fffffff, 0xffffffff);
    if (value >= 0) return this.uint(value);
    if (value >= -0x80000000) return this.negativeInt32(value);
    if (value <= -TWO_POW_63) return this.uint64Halves(0xd3, 0x80000000, 0);
    // Two's complement: value = hi * 2^32 + lo with 0 ≤ lo < 2^32 and hi < 0.
    const hi = Math.floor(value / TWO_POW_32);
    this.uint64Halves(0xd3, hi, value - hi * TWO_POW_32);
  }

  float64(value: number): void {
    this.ensure(9);
    this.buf[this.pos] = 0xcb;
    this.view.setFloat64(this.pos + 1, value);
    this.pos += 9;
  }

  /** Safe integers in their shortest integer encoding, every other number (±Infinity too) as float64. */
  number(value: number): void {
    if (Number.isSafeInteger(value)) this.int(value);
    else this.float64(value);
  }

  /**
   * A non-negative integer below 2^32 in its shortest form (v0.5 string-table indices, and
   * `int` below 2^32). Leaner than `int` (no sign, fraction or range handling), so it inlines
   * where spans are written.
   */
  index(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    const p = this.pos;
    if (value < 0x80) {
      buf[p] = value;
      this.pos = p + 1;
    } else if (value < 0x100) {
      buf[p] = 0xcc;
      buf[p + 1] = value;
      this.pos = p + 2;
    } else if (value < 0x10000) {
      buf[p] = 0xcd;
      buf[p + 1] = value >>> 8;
      buf[p + 2] = value;
      this.pos = p + 3;
    } else {
      buf[p] = 0xce;
      this.view.setUint32(p + 1, value);
      this.pos = p + 5;
    }
  }
}
