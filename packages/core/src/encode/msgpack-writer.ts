/**
 * A MessagePack writer specialised for trace payloads: one growable buffer reused across
 * payloads, no allocation per value, uint64 written from hex or from doubles beyond 2^53 without
 * BigInt, and 32-bit array/map headers that can be patched once the element count is known.
 * Only the formats the trace encoders need are implemented (no bin/ext).
 */

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

/** Scratch for float64: write the double, read its bytes in big-endian order. */
const FLOAT_SCRATCH = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT_SCRATCH.buffer);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
  private pos = 0;
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
      this.buf = Buffer.allocUnsafe(Math.min(this.buf.length, MAX_RETAINED_CAPACITY));
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
    if (this.buf.length > MAX_RETAINED_CAPACITY) this.buf = Buffer.allocUnsafe(this.initialSize);
  }

  /** Drop bytes written after `length` (used to undo a partly written chunk). */
  truncate(length: number): void {
    if (length < 0 || length > this.pos) throw new RangeError(`cannot truncate to ${length}`);
    this.pos = length;
    // Cached offsets may now point past the end; dropping them all is simplest and this is rare.
    this.stringCache?.clear();
  }

  private ensure(extra: number): void {
    if (this.pos + extra > this.buf.length) this.grow(extra);
  }

  private grow(extra: number): void {
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Append pre-encoded MessagePack bytes (e.g. constant keys). */
  raw(encoded: Uint8Array): void {
    const n = encoded.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = encoded[i]!;
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

  /** uint64 (`0xcf`) from 16 hex chars, two chars per byte; a shorter string is zero-padded. */
  uint64FromHex(hex: string): void {
    if (hex.length !== 16) hex = hex.length > 16 ? hex.slice(-16) : hex.padStart(16, '0');
    this.ensure(9);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0xcf;
    for (let i = 0; i < 16; i += 2) {
      buf[p++] = (HEX_VALUES[hex.charCodeAt(i) & 0x7f]! << 4) | HEX_VALUES[hex.charCodeAt(i + 1) & 0x7f]!;
    }
    this.pos = p;
  }

  /**
   * uint64 (`0xcf`) from a double, which may exceed 2^53 (epoch nanoseconds). Fractions are
   * truncated; negative and NaN become 0, values ≥ 2^64 the maximum.
   */
  uint64FromNumber(value: number): void {
    this.ensure(9);
    this.buf[this.pos] = 0xcf;
    if (!(value > 0)) this.writeUint64Halves(0, 0);
    else if (value >= TWO_POW_64) this.writeUint64Halves(0xffffffff, 0xffffffff);
    else {
      value = Math.floor(value);
      const hi = Math.floor(value / TWO_POW_32);
      this.writeUint64Halves(hi, value - hi * TWO_POW_32);
    }
  }

  /** Writes 8 bytes after the type byte at `pos`; advances past all 9. */
  private writeUint64Halves(hi: number, lo: number): void {
    const buf = this.buf;
    const p = this.pos;
    buf[p + 1] = hi >>> 24;
    buf[p + 2] = hi >>> 16;
    buf[p + 3] = hi >>> 8;
    buf[p + 4] = hi;
    buf[p + 5] = lo >>> 24;
    buf[p + 6] = lo >>> 16;
    buf[p + 7] = lo >>> 8;
    buf[p + 8] = lo;
    this.pos = p + 9;
  }

  /**
   * Integer in its shortest encoding. Fractions are truncated, NaN becomes 0, and values beyond
   * the int64 range are clamped to it, so the result is always a valid int64 on the wire.
   */
  int(value: number): void {
    this.ensure(9);
    const buf = this.buf;
    const p = this.pos;
    if (value >= 0) {
      if (value < 0x80) {
        if (value === (value | 0)) {
          buf[p] = value;
          this.pos = p + 1;
          return;
        }
      } else if (value < 0x100) {
        if (value === (value | 0)) {
          buf[p] = 0xcc;
          buf[p + 1] = value;
          this.pos = p + 2;
          return;
        }
      } else if (value < 0x10000) {
        if (value === (value | 0)) {
          buf[p] = 0xcd;
          buf[p + 1] = value >>> 8;
          buf[p + 2] = value;
          this.pos = p + 3;
          return;
        }
      } else if (value === Math.floor(value)) {
        if (value < TWO_POW_32) {
          buf[p] = 0xce;
          buf[p + 1] = value >>> 24;
          buf[p + 2] = value >>> 16;
          buf[p + 3] = value >>> 8;
          buf[p + 4] = value;
          this.pos = p + 5;
          return;
        }
        if (value < TWO_POW_63) {
          // Epoch nanoseconds land here on every span.
          const hi = Math.floor(value / TWO_POW_32);
          buf[p] = 0xcf;
          return this.writeUint64Halves(hi, value - hi * TWO_POW_32);
        }
      }
    } else if (value >= -0x80000000 && value === (value | 0)) {
      if (value >= -32) {
        buf[p] = value & 0xff;
        this.pos = p + 1;
      } else if (value >= -0x80) {
        buf[p] = 0xd0;
        buf[p + 1] = value & 0xff;
        this.pos = p + 2;
      } else if (value >= -0x8000) {
        buf[p] = 0xd1;
        buf[p + 1] = (value >> 8) & 0xff;
        buf[p + 2] = value & 0xff;
        this.pos = p + 3;
      } else {
        buf[p] = 0xd2;
        buf[p + 1] = (value >> 24) & 0xff;
        buf[p + 2] = (value >> 16) & 0xff;
        buf[p + 3] = (value >> 8) & 0xff;
        buf[p + 4] = value & 0xff;
        this.pos = p + 5;
      }
      return;
    }
    this.intSlow(value);
  }

  /** Fractions, NaN, and integers outside the 32-bit ranges. */
  private intSlow(value: number): void {
    if (value !== value) value = 0;
    value = Math.trunc(value);
    if (value >= 0 && value < TWO_POW_32) return this.int(value);
    if (value >= -0x80000000 && value < 0) return this.int(value);
    if (value > 0) {
      // Agents decode these fields as int64: never emit a uint64 above its maximum.
      this.ensure(9);
      this.buf[this.pos] = 0xcf;
      if (value >= TWO_POW_63) return this.writeUint64Halves(0x7fffffff, 0xffffffff);
      const hi = Math.floor(value / TWO_POW_32);
      return this.writeUint64Halves(hi, value - hi * TWO_POW_32);
    }
    // int64 (0xd3): value = hi * 2^32 + lo with 0 ≤ lo < 2^32, hi negative (two's complement).
    if (value < -TWO_POW_63) value = -TWO_POW_63;
    const hi = Math.floor(value / TWO_POW_32);
    this.buf[this.pos] = 0xd3;
    this.writeUint64Halves(hi >>> 0, value - hi * TWO_POW_32);
  }

  float64(value: number): void {
    this.ensure(9);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = 0xcb;
    FLOAT_SCRATCH[0] = value;
    if (LITTLE_ENDIAN_HOST) {
      for (let i = 1; i <= 8; i++) buf[p + i] = FLOAT_BYTES[8 - i]!;
    } else {
      for (let i = 1; i <= 8; i++) buf[p + i] = FLOAT_BYTES[i - 1]!;
    }
    this.pos = p + 9;
  }

  /** Safe integers in their shortest integer encoding, every other number as float64. */
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
      buf[at + 1] = byteLength >>> 8;
      buf[at + 2] = byteLength;
    } else {
      buf[at] = 0xdb;
      buf.writeUInt32BE(byteLength, at + 1);
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
    const buf = this.buf;
    const p = this.pos;
    if (count < 16) {
      buf[p] = fix | count;
      this.pos = p + 1;
    } else if (count < 0x10000) {
      buf[p] = c16;
      buf[p + 1] = count >>> 8;
      buf[p + 2] = count;
      this.pos = p + 3;
    } else {
      buf[p] = c32;
      buf.writeUInt32BE(count, p + 1);
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
    const buf = this.buf;
    buf[p] = type;
    buf[p + 1] = 0;
    buf[p + 2] = 0;
    buf[p + 3] = 0;
    buf[p + 4] = 0;
    this.pos = p + 5;
    return p;
  }

  /** Set the element count of an array32/map32 header written at `offset`. */
  patchCount32(offset: number, count: number): void {
    const buf = this.buf;
    buf[offset + 1] = count >>> 24;
    buf[offset + 2] = count >>> 16;
    buf[offset + 3] = count >>> 8;
    buf[offset + 4] = count;
  }
}

function strHeaderSize(byteLength: number): number {
  if (byteLength < 32) return 1;
  if (byteLength < 0x100) return 2;
  if (byteLength < 0x10000) return 3;
  return 5;
}

/** MessagePack encoding of a constant string, for `MsgpackWriter#raw`. */
export function preEncodeString(value: string): Uint8Array {
  const writer = new MsgpackWriter({ initialSize: 16, cacheStrings: false });
  writer.str(value);
  return new Uint8Array(writer.bytes());
}
