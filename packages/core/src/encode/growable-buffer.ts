/**
 * The byte buffer under the MessagePack writers: grows by doubling, is reused across payloads,
 * and hands a mostly full buffer over instead of copying it.
 */

import { RecycledBuffers } from './recycled-buffers.js';

/** A buffer that grew past this is not kept after `reset()`, so one huge payload doesn't pin memory. */
const MAX_RETAINED_CAPACITY = 16 * 1024 * 1024;
const DEFAULT_INITIAL_SIZE = 64 * 1024;
/**
 * From this many bytes on, a native copy beats copying 32-bit words in JS (its call costs
 * ~25 ns, ~300 instructions; the word loop took 15 ns for 24 bytes and 27 ns for 64, Node 20).
 */
const NATIVE_COPY_MIN = 72;
/**
 * Called directly rather than looked up on the buffer: V8 compiles `buf.copyWithin` on a Node
 * Buffer to a generic property load (~150 instructions, once a span), not an inlined one.
 */
const copyWithin = Uint8Array.prototype.copyWithin;

export class GrowableBuffer {
  protected buf: Buffer;
  /** Big-endian multi-byte writes over `buf`. */
  protected view: DataView;
  protected pos = 0;
  /**
   * Changes whenever written bytes are dropped (`reset`, `truncate`): a caller that remembers
   * where it wrote something may copy it with `copyWritten` only while the epoch is the same.
   */
  private writtenEpoch = 0;
  /** `buf.length`, kept in a field because the bounds check runs before every value. */
  private limit: number;
  private readonly initialSize: number;
  /** Capacity where doubling stops while the bytes fit (0: none). */
  private readonly sizeHint: number;
  /** Buffers `take()` handed over and `recycle()` got back, for later payloads. */
  private readonly recycled = new RecycledBuffers();

  constructor(initialSize: number = DEFAULT_INITIAL_SIZE, sizeHint?: number) {
    if (!Number.isInteger(initialSize) || initialSize < 16 || initialSize > 2 ** 30) {
      throw new TypeError(`initialSize must be an integer between 16 and 2^30, got ${String(initialSize)}`);
    }
    if (sizeHint !== undefined && !(Number.isInteger(sizeHint) && sizeHint >= 0 && sizeHint <= 2 ** 30)) {
      throw new TypeError(`sizeHint must be an integer between 0 and 2^30, got ${String(sizeHint)}`);
    }
    this.initialSize = initialSize;
    this.sizeHint = sizeHint ?? 0;
    this.buf = ownedBuffer(initialSize);
    this.view = viewOf(this.buf);
    this.limit = initialSize;
  }

  /** Bytes written since the last `reset()`. */
  get length(): number {
    return this.pos;
  }

  /** Copy of the written bytes; the buffer is kept. */
  bytes(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  /** Appends a copy of the bytes written to `source`. */
  appendWritten(source: GrowableBuffer): void {
    this.ensure(source.pos);
    this.buf.set(source.buf.subarray(0, source.pos), this.pos);
    this.pos += source.pos;
  }

  /**
   * The written bytes, after which the writer is empty. A buffer at least half full is handed
   * over as is (no copy of a large payload) and replaced; otherwise the bytes are copied.
   */
  take(): Buffer {
    const written = this.pos;
    let out: Buffer;
    if (written * 2 >= this.buf.length && written * 2 > this.initialSize) {
      out = this.buf.subarray(0, written);
      this.recycled.handOver(this.buf);
      this.replaceBuffer(this.recycled.take(Math.min(this.buf.length, MAX_RETAINED_CAPACITY)));
    } else {
      out = this.bytes();
    }
    this.reset();
    return out;
  }

  /** Gives back bytes `take()` handed over once nothing reads them (see RecycledBuffers). */
  recycle(bytes: Uint8Array): void {
    this.recycled.giveBack(bytes);
  }

  get epoch(): number {
    return this.writtenEpoch;
  }

  /** Appends a copy of `length` bytes written earlier at `start` (same epoch). */
  copyWritten(start: number, length: number): void {
    this.ensure(length);
    const buf = this.buf;
    let p = this.pos;
    if (length < NATIVE_COPY_MIN) {
      // The copy lies after everything written, so it never overlaps its source.
      const view = this.view;
      let i = start;
      for (const lastWord = start + length - 4; i <= lastWord; i += 4, p += 4) view.setUint32(p, view.getUint32(i));
      for (const end = start + length; i < end; i++) buf[p++] = buf[i]!;
    } else {
      copyWithin.call(buf, p, start, start + length);
      p += length;
    }
    this.pos = p;
  }

  /** Forget everything written; the buffer is reused. */
  reset(): void {
    this.writtenEpoch++;
    this.pos = 0;
    if (this.buf.length > MAX_RETAINED_CAPACITY) this.replaceBuffer(ownedBuffer(this.initialSize));
  }

  /** Drop the bytes written after `length` (to undo a partly written chunk). */
  truncate(length: number): void {
    if (!(length >= 0 && length <= this.pos)) throw new RangeError(`cannot truncate to ${length}`);
    this.writtenEpoch++;
    this.pos = length;
  }

  /**
   * Moves the bytes from `offset` on `size` bytes further, leaving a gap to fill at `offset`
   * (a header that turned out longer than reserved). Offsets remembered past `offset` are stale.
   */
  protected insertGap(offset: number, size: number): void {
    this.ensure(size);
    this.buf.copyWithin(offset + size, offset, this.pos);
    this.pos += size;
    this.writtenEpoch++;
  }

  /** Set the element count of an array32/map32 header written at `offset`. */
  patchCount32(offset: number, count: number): void {
    this.view.setUint32(offset + 1, count);
  }

  protected ensure(extra: number): void {
    if (this.pos + extra > this.limit) this.grow(extra);
  }

  private grow(extra: number): void {
    const needed = this.pos + extra;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    // Doubling a 1 MiB buffer for a payload that ends at 1.1 MB would leave 0.9 MiB unused in it
    // and in every buffer recycled from it.
    if (needed <= this.sizeHint && capacity > this.sizeHint) capacity = this.sizeHint;
    const next = ownedBuffer(capacity);
    this.buf.copy(next, 0, 0, this.pos);
    this.replaceBuffer(next);
  }

  private replaceBuffer(next: Buffer): void {
    this.buf = next;
    this.view = viewOf(next);
    this.limit = next.length;
  }
}

/**
 * Memory of its own, never a slice of Node's shared pool (`Buffer.allocUnsafe` below
 * `Buffer.poolSize / 2`, 32 KiB since Node 24): the writer keeps its buffer for many payloads
 * and hands it over in one, and only whole buffers can be taken back for reuse (RecycledBuffers).
 */
function ownedBuffer(size: number): Buffer {
  return Buffer.allocUnsafeSlow(size);
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}
