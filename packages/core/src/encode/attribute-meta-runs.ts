import type { Attributes } from '@opentelemetry/api';
import { isPassThroughNamingKey } from './compact-span-record.js';
import { writeKey } from './key-cache.js';
import type { MsgpackWriter } from './msgpack-writer.js';

/**
 * Writes the string attributes of v0.4 spans as `meta` entries, copying what the previous span
 * already wrote instead of encoding it again. Request spans of one service differ from each
 * other in a few entries (client port, URL, user agent) and repeat the other ten or more
 * (method, scheme, host, component, protocol...), so the whole-prefix copy of
 * `CompactSpanWriterV04` rarely applies to them, but runs of entries do: an entry with the same
 * key at the same place and an identical value as in the previous span is copied, and
 * consecutive such entries are copied at once. The bytes are those `writeKey` + `str` write.
 *
 * The previous span's entries are kept as copies (key, value, offset), so a later change to its
 * attributes object cannot bring back stale bytes; they are used only while the writer's epoch is
 * the one they were written in. One instance per writer.
 */
export class AttributeMetaRuns {
  private keys: string[] = [];
  private values: string[] = [];
  /** Where each kept entry starts in the writer, and (one more) where the last one ends. */
  private offsets: number[] = [];
  private count = 0;
  /** -1: nothing kept. */
  private epoch = -1;
  // The entries of the span being written; swapped with the kept ones at the end.
  private nextKeys: string[] = [];
  private nextValues: string[] = [];
  private nextOffsets: number[] = [];

  /** Writes the string attributes but the naming keys as meta entries; returns how many. */
  write(writer: MsgpackWriter, attributes: Attributes): number {
    const keys = this.keys;
    const values = this.values;
    const offsets = this.offsets;
    const nextKeys = this.nextKeys;
    const nextValues = this.nextValues;
    const nextOffsets = this.nextOffsets;
    const kept = this.epoch === writer.epoch ? this.count : 0;
    let count = 0;
    // The run of kept entries not yet copied: their bytes [runFrom, runTo) go to `runAt`.
    let runFrom = -1;
    let runTo = 0;
    let runAt = 0;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value !== 'string' || isPassThroughNamingKey(key)) continue;
      if (count < kept && keys[count] === key && values[count] === value) {
        if (runFrom < 0) {
          runFrom = offsets[count]!;
          runAt = writer.length;
        }
        runTo = offsets[count + 1]!;
        nextOffsets[count] = runAt + (offsets[count]! - runFrom);
      } else {
        if (runFrom >= 0) {
          writer.copyWritten(runFrom, runTo - runFrom);
          runFrom = -1;
        }
        nextOffsets[count] = writer.length;
        writeKey(writer, key);
        writer.str(value);
      }
      nextKeys[count] = key;
      nextValues[count] = value;
      count++;
    }
    if (runFrom >= 0) writer.copyWritten(runFrom, runTo - runFrom);
    nextOffsets[count] = writer.length;
    this.nextKeys = keys;
    this.nextValues = values;
    this.nextOffsets = offsets;
    this.keys = nextKeys;
    this.values = nextValues;
    this.offsets = nextOffsets;
    this.count = count;
    this.epoch = writer.epoch;
    // An unusually large span must not keep its arrays: the next one starts them afresh.
    if (count > MAX_KEPT_ENTRIES) this.forget();
    return count;
  }

  private forget(): void {
    this.keys = [];
    this.values = [];
    this.offsets = [];
    this.nextKeys = [];
    this.nextValues = [];
    this.nextOffsets = [];
    this.count = 0;
    this.epoch = -1;
  }
}

/** Spans with more string attributes than this are written without keeping them. */
const MAX_KEPT_ENTRIES = 256;
