import { MsgpackStringWriter } from './msgpack-string-writer.js';

/**
 * MessagePack array and map headers: in their shortest form when the count is known, else as
 * placeholders whose count is set once the elements are written.
 */
export class MsgpackHeaderWriter extends MsgpackStringWriter {
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

  /**
   * A one-byte (fixmap) header whose count `patchMapCount` sets once the entries are written:
   * most maps have fewer than 16 entries, so this saves the 4 bytes of a map32 header.
   */
  mapPlaceholder(): number {
    this.ensure(1);
    const p = this.pos;
    this.buf[p] = 0x80;
    this.pos = p + 1;
    return p;
  }

  /** Sets the count of a `mapPlaceholder` header; 16 entries or more widen it (the entries move). */
  patchMapCount(offset: number, count: number): void {
    if (count < 16) {
      this.buf[offset] = 0x80 | count;
      return;
    }
    const wide = count < 0x10000 ? 2 : 4;
    this.insertGap(offset + 1, wide);
    if (wide === 2) {
      this.buf[offset] = 0xde;
      this.view.setUint16(offset + 1, count);
    } else {
      this.buf[offset] = 0xdf;
      this.view.setUint32(offset + 1, count);
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
}
