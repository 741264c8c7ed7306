import { GrowableBuffer } from './growable-buffer.js';

/** `Buffer#utf8Write` is undocumented but is what `Buffer#write` calls after parsing its arguments. */
interface Utf8WritableBuffer extends Buffer {
  utf8Write?(text: string, offset: number, maxLength: number): number;
}

const HAS_UTF8_WRITE = typeof (Buffer.prototype as Utf8WritableBuffer).utf8Write === 'function';

/**
 * Strings up to this many UTF-16 units are encoded by a JS loop when they are ASCII. Measured on
 * Node 20 against `utf8Write` (a flat ~70 ns a call): the loop stays cheaper up to 31 chars for
 * flat strings, and breaks even at ~24–28 for cons/sliced ones, so no native path below 32.
 */
const SHORT_STRING_MAX = 31;
/** Only strings whose encoding (header included) is shorter than this are cached (str8/str16). */
const CACHE_MAX_ENCODED = 1024;
/**
 * Longer strings are rarely repeated (event JSON, stacks, URLs with ids) and hashing one for the
 * look-up costs as much as encoding it, so only strings up to this many UTF-16 units are cached.
 */
const CACHE_MAX_LENGTH = 128;
/** Bounds the cache when a payload is full of unique values (urls, ids). */
const CACHE_MAX_ENTRIES = 8192;

/**
 * MessagePack strings, always valid UTF-8 and in the shortest str format. Short ASCII strings
 * (most keys and tag values) are encoded by a JS loop, which is cheaper than any lookup. A longer
 * or non-ASCII string is copied from its first occurrence in the payload when it repeats (user
 * agents, runtime id, resources), else written by V8's UTF-8 encoder, which replaces lone
 * surrogates with U+FFFD.
 */
export class MsgpackStringWriter extends GrowableBuffer {
  /** String → offset in `buf` of its first encoding in this payload. */
  private readonly stringCache: Map<string, number> | undefined;

  constructor(initialSize?: number, cacheStrings = true, sizeHint?: number) {
    super(initialSize, sizeHint);
    this.stringCache = cacheStrings ? new Map() : undefined;
  }

  override reset(): void {
    super.reset();
    this.stringCache?.clear();
  }

  override truncate(length: number): void {
    super.truncate(length);
    // Cached offsets may now point past the end; dropping them all is simplest, and this is rare.
    this.stringCache?.clear();
  }

  protected override insertGap(offset: number, size: number): void {
    super.insertGap(offset, size);
    this.stringCache?.clear();
  }

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

  /**
   * `str` for a value that won't repeat in the payload (span event or link JSON, which carries
   * a timestamp or ids): skips the cache, whose look-up would hash the whole string and whose
   * entries it would fill with strings never seen again.
   */
  strUnique(value: string): void {
    if (value.length <= SHORT_STRING_MAX) return this.str(value);
    if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
    this.strUtf8(value);
  }

  private strLongOrNonAscii(value: string): void {
    if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
    const cache = this.stringCache;
    if (cache === undefined || value.length > CACHE_MAX_LENGTH) return this.strUtf8(value);
    const cached = cache.get(value);
    if (cached !== undefined) return this.copyEncodedString(cached);
    const start = this.pos;
    this.strUtf8(value);
    if (this.pos - start < CACHE_MAX_ENCODED && cache.size < CACHE_MAX_ENTRIES) cache.set(value, start);
  }

  /** Copies the string encoded at `start`; its length comes from the str header there. */
  private copyEncodedString(start: number): void {
    const type = this.buf[start]!;
    let n: number;
    if (type < 0xc0) n = 1 + (type & 0x1f);
    else if (type === 0xd9) n = 2 + this.buf[start + 1]!;
    else n = 3 + this.view.getUint16(start + 1);
    this.copyWritten(start, n);
  }

  private strUtf8(value: string): void {
    const maxBytes = value.length * 3;
    // Room for the longest header and the worst case, but the bytes go after the header of the
    // best case (one byte per unit): most strings are ASCII, so they rarely move afterwards.
    this.ensure(strHeaderSize(maxBytes) + maxBytes);
    const start = this.pos;
    const headerSize = strHeaderSize(value.length);
    const written = HAS_UTF8_WRITE
      ? (this.buf as Utf8WritableBuffer).utf8Write!(value, start + headerSize, maxBytes)
      : this.buf.write(value, start + headerSize, maxBytes, 'utf8');
    const exactHeaderSize = strHeaderSize(written);
    if (exactHeaderSize !== headerSize) {
      // Multi-byte characters need a longer header than guessed: slide the bytes forward.
      this.buf.copyWithin(start + exactHeaderSize, start + headerSize, start + headerSize + written);
    }
    this.writeStrHeader(start, written, exactHeaderSize);
    this.pos = start + exactHeaderSize + written;
  }

  private writeStrHeader(at: number, byteLength: number, headerSize: number): void {
    if (headerSize === 1) {
      this.buf[at] = 0xa0 | byteLength;
    } else if (headerSize === 2) {
      this.buf[at] = 0xd9;
      this.buf[at + 1] = byteLength;
    } else if (headerSize === 3) {
      this.buf[at] = 0xda;
      this.view.setUint16(at + 1, byteLength);
    } else {
      this.buf[at] = 0xdb;
      this.view.setUint32(at + 1, byteLength);
    }
  }
}

function strHeaderSize(byteLength: number): number {
  if (byteLength < 32) return 1;
  if (byteLength < 0x100) return 2;
  if (byteLength < 0x10000) return 3;
  return 5;
}
