/**
 * A MessagePack writer specialised for trace payloads: one growable buffer reused across
 * payloads, no allocation per value, uint64 written from hex or from doubles beyond 2^53 without
 * BigInt, and 32-bit array/map headers that can be patched once the element count is known.
 * Only the formats the trace encoders need are implemented (no bin/ext).
 */

import type { PreEncoded } from './pre-encoded.js';

/** `Buffer#utf8Write` is undocumented but is what `Buffer#write` calls after argument parsing. */
interface Utf8WritableBuffer extends Buffer {
  utf8Write?(text: string, offset: number, maxLength: number): number;
}

const HAS_UTF8_WRITE =
  typeof (Buffer.prototype as Utf8WritableBuffer).utf8Write === 'function';

const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 9223372036854775808;
const TWO_POW_64 = 18446744073709551616;

/** Hex digit values by char code (& 0x7f); anything that is not a hex digit counts as 0. */
const HEX_VALUES = buildHexTable();

function buildHexTable(): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
}

/** Strings up to this many UTF-16 units are encoded by the JS loop when ASCII. */
const SHORT_STRING_MAX = 31;
/** Only strings whose encoding (header included) is shorter than this are cached (str8/str16 only). */
const CACHE_MAX_ENCODED = 1024;
/** Bounds the cache when a payload is full of unique values (urls, ids). */
const CACHE_MAX_ENTRIES = 8192;
/** From this many bytes on, a native copy beats the JS loop (call overhead ~25 ns). */
const NATIVE_COPY_MIN = 40;
/** A buffer that grew past this is not kept after `reset()`, so one huge payload doesn't pin memory. */
const MAX_RETAINED_CAPACITY = 16 * 1024 * 1024;

export interface MsgpackWriterOptions {
  /** Initial buffer size in bytes (default 64 KiB). */
  initialSize?: number;
  /**
   * Remember where each string of the current payload was first written and copy those bytes
   * for later occurrences (default true). Keys, service, names and most tag values repeat.
   */
  cacheStrings?: boolean;
}

export class MsgpackWriter {
  private buf: Buffer;
  /** Big-endian multi-byte writes over `buf`. */
  private view: DataView;
  private pos = 0;
  /** `buf.length`, kept in a field: the bounds check runs before every value. */
  private limit: number;
  private readonly initialSize: number;
  /** String → offset in `buf` of its first encoding in this payload. */
  private readonly stringCache: Map<string, number> | undefined;

  constructor(options: MsgpackWriterOptions = {}) {
    const initialSize = options.initialSize ?? 64 * 1024;
    if (!Number.isInteger(initialSize) || initialSize < 16 || initialSize > 2 ** 30) {
      throw new TypeError(`initialSize must be an integer between 16 and 2^30, got ${String(initialSize)}`);
    }
    this.initialSize = initialSize;
    this.buf = Buffer.allocUnsafe(initialSize);
    this.view = viewOf(this.buf);
    this.limit = initialSize;
    this.stringCache = options.cacheStrings === false ? undefined : new Map();
  }

  /** Bytes written since the last `reset()`. */
  get length(): number {
    return this.pos;
  }

  /** Copy of the written bytes; the writer keeps its buffer. */
  bytes(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  /** Copy the written bytes into `target` at `offset`; returns the offset after them. */
  copyTo(target: Uint8Array, offset: number): number {
    target.set(this.buf.subarray(0, this.pos), offset);
    return offset + this.pos;
  }

  /**
   * The written bytes, after which the writer is empty. A mostly full buffer is handed over
   * as is (saves a copy of a large payload) and replaced; otherwise the bytes are copied and the
   * buffer kept.
   */
  take(): Buffer {
    const written = this.pos;
    let out: Buffer;
    if (written * 2 >= this.buf.length && written > this.initialSize / 2) {
      out = this.buf.subarray(0, written);
      this.replaceBuffer(Buffer.allocUnsafe(Math.min(this.buf.length, MAX_RETAINED_CAPACITY)));
    } else {
      out = this.bytes();
    }
    this.reset();
    return out;
  }

  /** Forget everything written (and the string cache); the buffer is reused. */
  reset(): void {
    this.pos = 0;
    this.stringCache?.clear();
    if (this.buf.length > MAX_RETAINED_CAPACITY) this.replaceBuffer(Buffer.allocUnsafe(this.initialSize));
  }

  /** Drop bytes written after `length` (used to undo a partly written chunk). */
  truncate(length: number): void {
    if (length < 0 || length > this.pos) throw new RangeError(`cannot truncate to ${length}`);
    this.pos = length;
    // Cached offsets may now point past the end; dropping them all is simplest and this is rare.
    this.stringCache?.clear();
  }

  private ensure(extra: number): void {
    if (this.pos + extra > this.limit) this.grow(extra);
  }

  private grow(extra: number): void {
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, 0, this.pos);
    this.replaceBuffer(next);
  }

  private replaceBuffer(next: Buffer): void {
    this.buf = next;
    this.view = viewOf(next);
    this.limit = next.length;
  }

  /** Append a constant prepared by `preEncodeKey`. */
  raw(encoded: PreEncoded): void {
    this.ensure(encoded.byteLength);
    const view = this.view;
    const words = encoded.words;
    let p = this.pos;
    for (let i = 0; i < words.length; i++, p += 4) view.setUint32(p, words[i]!);
    const tail = encoded.tail;
    for (let i = 0; i < tail.length; i++) this.buf[p++] = tail[i]!;
    this.pos = p;
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
   * uint64 (`0xcf`) from 16 hex chars, as two 32-bit halves (no BigInt, no substring). Other
   * lengths are zero-padded or cut to the low 64 bits; non-hex chars count as 0.
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
    this.ensure(9);
    const buf = this.buf;
    const p = this.pos;
    if (value < 0x100) {
      buf[p] = value < 0x80 ? value : 0xcc;
      if (value < 0x80) return void (this.pos = p + 1);
      buf[p + 1] = value;
      this.pos = p + 2;
    } else if (value < 0x10000) {
      buf[p] = 0xcd;
      this.view.setUint16(p + 1, value);
      this.pos = p + 3;
    } else if (value < TWO_POW_32) {
      buf[p] = 0xce;
      this.view.setUint32(p + 1, value);
      this.pos = p + 5;
    } else {
      // Epoch nanoseconds land here on every span.
      const hi = Math.floor(value / TWO_POW_32);
      this.uint64Halves(0xcf, hi, value - hi * TWO_POW_32);
    }
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
   * String in its shortest str format. Short ASCII strings are encoded char by char (cheaper
   * than a cache lookup); a longer or non-ASCII string already written in this payload is copied
   * from its first occurrence; anything else goes through V8's UTF-8 writer, which turns lone
   * surrogates into U+FFFD.
   */
  str(value: string): void {
    const len = value.length;
    if (len <= SHORT_STRING_MAX) {
      this.ensure(len + 1);
      const buf = this.buf;
      let p = this.pos + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === len) {
        buf[this.pos] = 0xa0 | len;
        this.pos = p;
        return;
      }
    }
    this.strLongOrNonAscii(value);
  }

  private strLongOrNonAscii(value: string): void {
    const cache = this.stringCache;
    if (cache === undefined) return this.strUtf8(value);
    const cached = cache.get(value);
    if (cached !== undefined) return this.copyCached(cached);
    const start = this.pos;
    this.strUtf8(value);
    if (this.pos - start < CACHE_MAX_ENCODED && cache.size < CACHE_MAX_ENTRIES) cache.set(value, start);
  }

  /** Copies the string encoded at `start`; its length comes from the str header there. */
  private copyCached(start: number): void {
    const buf = this.buf;
    const type = buf[start]!;
    let n: number;
    if (type < 0xc0) n = 1 + (type & 0x1f);
    else if (type === 0xd9) n = 2 + buf[start + 1]!;
    else n = 3 + ((buf[start + 1]! << 8) | buf[start + 2]!);
    this.ensure(n);
    const out = this.buf;
    let p = this.pos;
    if (n < NATIVE_COPY_MIN) {
      for (let i = start, end = start + n; i < end; i++) out[p++] = out[i]!;
    } else {
      out.copyWithin(p, start, start + n);
      p += n;
    }
    this.pos = p;
  }

  private strUtf8(value: string): void {
    if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
    const maxBytes = value.length * 3;
    const headerSize = strHeaderSize(maxBytes);
    this.ensure(headerSize + maxBytes);
    const start = this.pos;
    const written = HAS_UTF8_WRITE
      ? (this.buf as Utf8WritableBuffer).utf8Write!(value, start + headerSize, maxBytes)
      : this.buf.write(value, start + headerSize, maxBytes, 'utf8');
    const exactHeaderSize = strHeaderSize(written);
    if (exactHeaderSize !== headerSize) {
      // The worst-case guess picked a longer header than needed; slide the bytes back.
      this.buf.copyWithin(start + exactHeaderSize, start + headerSize, start + headerSize + written);
    }
    this.writeStrHeader(start, written, exactHeaderSize);
    this.pos = start + exactHeaderSize + written;
  }

  private writeStrHeader(at: number, byteLength: number, headerSize: number): void {
    const buf = this.buf;
    if (headerSize === 1) buf[at] = 0xa0 | byteLength;
    else if (headerSize === 2) {
      buf[at] = 0xd9;
      buf[at + 1] = byteLength;
    } else if (headerSize === 3) {
      buf[at] = 0xda;
      this.view.setUint16(at + 1, byteLength);
    } else {
      buf[at] = 0xdb;
      this.view.setUint32(at + 1, byteLength);
    }
  }

  /** Array header in its shortest form. */
  arrayHeader(count: number): void {
    this.collectionHeader(count, 0x90, 0xdc, 0xdd);
  }

  /** Map header in its shortest form. */
  mapHeader(count: number): void {
    this.collectionHeader(count, 0x80, 0xde, 0xdf);
  }

  private collectionHeader(count: number, fix: number, c16: number, c32: number): void {
    this.ensure(5);
    const p = this.pos;
    if (count < 16) {
      this.buf[p] = fix | count;
      this.pos = p + 1;
    } else if (count < 0x10000) {
      this.buf[p] = c16;
      this.view.setUint16(p + 1, count);
      this.pos = p + 3;
    } else {
      this.buf[p] = c32;
      this.view.setUint32(p + 1, count);
      this.pos = p + 5;
    }
  }

  /** array32 header with count 0; returns its offset for `patchCount32`. */
  array32Placeholder(): number {
    return this.placeholder32(0xdd);
  }

  /** map32 header with count 0; returns its offset for `patchCount32`. */
  map32Placeholder(): number {
    return this.placeholder32(0xdf);
  }

  private placeholder32(type: number): number {
    this.ensure(5);
    const p = this.pos;
    this.buf[p] = type;
    this.view.setUint32(p + 1, 0);
    this.pos = p + 5;
    return p;
  }

  /** Set the element count of an array32/map32 header written at `offset`. */
  patchCount32(offset: number, count: number): void {
    this.view.setUint32(offset + 1, count);
  }
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}

function strHeaderSize(byteLength: number): number {
  if (byteLength < 32) return 1;
  if (byteLength < 0x100) return 2;
  if (byteLength < 0x10000) return 3;
  return 5;
}
