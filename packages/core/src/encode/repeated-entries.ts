import type { MsgpackWriter } from './msgpack-writer.js';
import { WrittenRange } from './written-range.js';

/**
 * The entries of an extra meta or metrics object, written once per payload and then copied for
 * the next span that brings the same object. A server's request roots do: the mapper hands out
 * one pair of objects for their trace tags and root metrics (`_dd.p.dm`, `_dd.p.tid`,
 * `_dd.top_level`, `_dd.agent_psr`) while those stay the same, and those objects are frozen
 * (root-extras.ts), so the same object always has the same entries. Any other object is new for
 * its span, never the one remembered, and is written as usual. One instance per writer and block.
 */
export class RepeatedEntries<T extends object> {
  private source: T | undefined = undefined;
  private readonly range = new WrittenRange();

  constructor(private readonly writeEntries: (writer: MsgpackWriter, source: T | undefined) => number) {}

  /** Writes the entries of `source` (or copies them, see the class comment); returns how many. */
  write(writer: MsgpackWriter, source: T | undefined): number {
    const range = this.range;
    if (source !== undefined && source === this.source && range.epoch === writer.epoch) {
      writer.copyWritten(range.start, range.length);
      return range.count;
    }
    const start = writer.length;
    const count = this.writeEntries(writer, source);
    // Only a frozen object can be trusted to have the same entries next time.
    if (source !== undefined && Object.isFrozen(source)) {
      this.source = source;
      range.set(start, writer.length - start, count, writer.epoch);
    } else {
      this.source = undefined;
    }
    return count;
  }
}
