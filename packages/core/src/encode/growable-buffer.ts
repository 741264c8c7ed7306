/**
 * The byte buffer under the MessagePack writers: grows by doubling, is reused across payloads,
 * and hands a mostly full buffer over instead of copying it.
 */

/** A buffer that grew past this is not kept after `reset()`, so one huge payload doesn't pin memory. */
const MAX_RETAINED_CAPACITY = 16 * 1024 * 1024;
const DEFAULT_INITIAL_SIZE = 64 * 1024;

export class GrowableBuffer {
  protected buf: Buffer;
  /** Big-endian multi-byte writes over `buf`. */
  protected view: DataView;
  protected pos = 0;
  /** `buf.length`, kept in a field because the bounds check runs before every value. */
  private limit: number;
  private readonly initialSize: number;
  /** A buffer given back through `recycle()`, used by the next `take()` instead of a new one. */
  private spare: Buffer | undefined;
  /** Buffers `take()` handed over whole: only these may come back through `recycle()`. */
  private readonly handedOver = new WeakSet<ArrayBufferLike>();

  constructor(initialSize: number = DEFAULT_INITIAL_SIZE) {
    if (!Number.isInteger(initialSize) || initialSize < 16 || initialSize > 2 ** 30) {
      throw new TypeError(`initialSize must be an integer between 16 and 2^30, got ${String(initialSize)}`);
    }
    this.initialSize = initialSize;
    this.buf = Buffer.allocUnsafe(initialSize);
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

  /** Copy the written bytes into `target` at `offset`; returns the offset after them. */
  copyTo(target: Uint8Array, offset: number): number {
    target.set(this.buf.subarray(0, this.pos), offset);
    return offset + this.pos;
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
      this.handedOver.add(this.buf.buffer);
      this.replaceBuffer(this.spareOrNew(Math.min(this.buf.length, MAX_RETAINED_CAPACITY)));
    } else {
      out = this.bytes();
    }
    this.reset();
    return out;
  }

  /**
   * Gives back bytes `take()` handed over, once nothing reads them any more (the Agent answered):
   * a steady stream of payloads then alternates between two buffers instead of leaving one dead
   * buffer per payload to the GC. Anything else (a copy, a slice of Node's pool) is ignored.
   */
  recycle(bytes: Uint8Array): void {
    const whole = bytes.buffer;
    if (!this.handedOver.delete(whole) || whole.byteLength > MAX_RETAINED_CAPACITY) return;
    if (this.spare === undefined || this.spare.length < whole.byteLength) this.spare = Buffer.from(whole);
  }

  private spareOrNew(capacity: number): Buffer {
    const spare = this.spare;
    this.spare = undefined;
    return spare !== undefined && spare.length >= capacity ? spare : Buffer.allocUnsafe(capacity);
  }

  /** Forget everything written; the buffer is reused. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > MAX_RETAINED_CAPACITY) this.replaceBuffer(Buffer.allocUnsafe(this.initialSize));
  }

  /** Drop the bytes written after `length` (to undo a partly written chunk). */
  truncate(length: number): void {
    if (!(length >= 0 && length <= this.pos)) throw new RangeError(`cannot truncate to ${length}`);
    this.pos = length;
  }

  /** Set the element count of an array32/map32 header written at `offset`. */
  patchCount32(offset: number, count: number): void {
    this.view.setUint32(offset + 1, count);
  }

  protected ensure(extra: number): void {
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
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}
