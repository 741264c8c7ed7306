/**
 * Buffers of sent payloads, given back by the exporter once the Agent answered, for an encoder to
 * write later payloads into. A steady stream of payloads then cycles through a few buffers instead
 * of leaving one dead buffer per payload for the GC (external memory the heap limits don't see).
 */

/** Enough for the payloads in flight behind a briefly slow Agent; each is ~1 MiB by default. */
const MAX_SPARES = 4;
/** A buffer larger than this is left to the GC, so one huge payload doesn't pin memory. */
const MAX_SPARE_BYTES = 16 * 1024 * 1024;

export class RecycledBuffers {
  private readonly spares: Buffer[] = [];
  /** Memory handed over in payloads: only this may come back. */
  private readonly handedOver = new WeakSet<ArrayBufferLike>();

  /** Records that `buffer` leaves in a payload; a slice of shared memory (Node's pool) is never taken back. */
  handOver(buffer: Buffer): void {
    if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length) this.handedOver.add(buffer.buffer);
  }

  /** Takes back the memory of a payload nothing reads any more; anything not handed over is ignored. */
  giveBack(bytes: Uint8Array): void {
    const whole = bytes.buffer;
    if (!this.handedOver.delete(whole)) return;
    if (whole.byteLength <= MAX_SPARE_BYTES && this.spares.length < MAX_SPARES) this.spares.push(Buffer.from(whole));
  }

  /** A given-back buffer of at least `minimum` bytes, else a new one of `size` bytes (never pooled memory). */
  take(minimum: number, size = minimum): Buffer {
    for (let i = this.spares.length - 1; i >= 0; i--) {
      const spare = this.spares[i]!;
      if (spare.length >= minimum) {
        this.spares.splice(i, 1);
        return spare;
      }
    }
    return Buffer.allocUnsafeSlow(Math.max(minimum, size));
  }
}
