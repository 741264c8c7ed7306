import type { ConstantTags } from './constant-tags.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { preEncodeBytes, type PreEncoded } from './pre-encoded.js';

/**
 * A `ConstantTags`' entries as string-table indices of one payload, pre-encoded (without a map
 * header: the span's own entries follow, and the header counts them all).
 */
export interface ConstantIndexBlocks {
  /** `index(key) → index(value)` pairs. */
  readonly meta: PreEncoded;
  /** `index(key) → number` pairs. */
  readonly metrics: PreEncoded;
}

/** Fields whose value usually repeats from one span to the next get a one-entry cache each. */
export const RECENT_SERVICE = 0;
export const RECENT_NAME = 1;
export const RECENT_RESOURCE = 2;
export const RECENT_TYPE = 3;
export const RECENT_KEY = 4;
export const RECENT_EVENTS_KEY = 5;
export const RECENT_LINKS_KEY = 6;
const RECENT_SLOTS = 7;

/**
 * The v0.5 string table of the pending payload: appends each string once to `writer` and knows
 * its index. `size` is the number of strings in the table; `clear()` starts a new payload (the
 * writer is reset by its owner).
 */
export class StringTable {
  private readonly positions = new Map<string, number>();
  /** Strings appended without being looked up (JSON that never repeats). */
  private uniqueCount = 0;
  private readonly constantBlocks = new Map<ConstantTags, ConstantIndexBlocks>();
  private lastTags: ConstantTags | undefined = undefined;
  private lastBlocks: ConstantIndexBlocks | undefined = undefined;
  private readonly scratch = new MsgpackWriter({ initialSize: 256, cacheStrings: false });
  private readonly recentValues: Array<string | undefined> = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
  private readonly recentIndices: number[] = new Array<number>(RECENT_SLOTS).fill(0);

  constructor(private readonly writer: MsgpackWriter) {}

  get size(): number {
    return this.positions.size + this.uniqueCount;
  }

  /** Index of `value`, appended to the table on first use. Throws (appending nothing) for a non-string. */
  indexOf(value: string): number {
    let index = this.positions.get(value);
    if (index === undefined) {
      index = this.size;
      // Written before being registered, so a failed write never leaves a dangling index.
      this.writer.str(value);
      this.positions.set(value, index);
    }
    return index;
  }

  /** `indexOf` behind a one-entry cache for `slot` (an identical string skips the look-up). */
  recentIndexOf(slot: number, value: string): number {
    if (value === this.recentValues[slot]) return this.recentIndices[slot]!;
    const index = this.indexOf(value);
    this.recentValues[slot] = value;
    this.recentIndices[slot] = index;
    return index;
  }

  /**
   * Appends a string that is not expected to repeat (span events or links JSON): no look-up and
   * no hashing of a long string; a repeat would only cost a duplicate entry.
   */
  appendUnique(value: string): number {
    const index = this.size;
    this.writer.strUnique(value);
    this.uniqueCount++;
    return index;
  }

  /** The entries of `tags` as indices of this payload, encoded on first use per payload. */
  constantIndexBlocks(tags: ConstantTags): ConstantIndexBlocks {
    if (tags === this.lastTags) return this.lastBlocks!;
    let blocks = this.constantBlocks.get(tags);
    if (blocks === undefined) {
      const scratch = this.scratch;
      scratch.reset();
      for (let i = 0; i < tags.metaKeys.length; i++) {
        scratch.index(this.indexOf(tags.metaKeys[i]!));
        scratch.index(this.indexOf(tags.metaValues[i]!));
      }
      const meta = preEncodeBytes(scratch.bytes());
      scratch.reset();
      for (let i = 0; i < tags.metricKeys.length; i++) {
        scratch.index(this.indexOf(tags.metricKeys[i]!));
        scratch.number(tags.metricValues[i]!);
      }
      blocks = { meta, metrics: preEncodeBytes(scratch.bytes()) };
      this.constantBlocks.set(tags, blocks);
    }
    this.lastTags = tags;
    this.lastBlocks = blocks;
    return blocks;
  }

  clear(): void {
    this.positions.clear();
    this.uniqueCount = 0;
    this.constantBlocks.clear();
    this.lastTags = undefined;
    this.lastBlocks = undefined;
    this.recentValues.fill(undefined);
  }
}
