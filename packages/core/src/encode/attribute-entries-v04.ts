import type { Attributes } from '@opentelemetry/api';
import { isPassThroughNamingKey } from './compact-span-record.js';
import { encodedKey, writeKeyWith } from './key-cache.js';
import type { MsgpackWriter } from './msgpack-writer.js';
import type { PreEncoded } from './pre-encoded.js';

/**
 * Writes the attributes of v0.4 spans as `meta` and `metrics` entries, in one pass over them.
 *
 * Meta entries are copied from what the previous span already wrote instead of encoding them
 * again. Request spans of one service differ from each other in a few entries (client port,
 * URL, user agent) and repeat the other ten or more (method, scheme, host, component,
 * protocol...), so the whole-prefix copy of `CompactSpanWriterV04` rarely applies to them, but
 * runs of entries do: an entry with the same key at the same place and an identical value as in
 * the previous span is copied, and consecutive such entries are copied at once. The bytes are
 * those `writeKey` + `str` write. Metrics entries (a few numbers: ports, status code) are written
 * afresh.
 *
 * The previous span's entries are kept as copies (key, value, offset), so a later change to its
 * attributes object cannot bring back stale bytes; they are used only while the writer's epoch is
 * the one they were written in. Long values are not kept (they are rarely the same twice, and
 * memory stays small), so they are always encoded. The bytes of each kept key (meta and metrics)
 * are kept next to it, so a key written again at the same place skips the key cache's look-up.
 * One instance per writer.
 */
export class AttributeEntriesV04 {
  // Updated in place while a span is written: entry i of the kept span is read before the new
  // span's entry i replaces it (and only then), so no second set of arrays is needed.
  private readonly keys: string[] = [];
  /** The bytes of `keys[i]` (`encodedKey`); set with it, undefined for a key written as a string. */
  private readonly keyBytes: Array<PreEncoded | undefined> = [];
  /** null for a value too long to keep: never equal to a string, so never copied. */
  private readonly values: Array<string | null> = [];
  /** Where each kept entry starts in the writer, and (one more) where the last one ends. */
  private readonly offsets: number[] = [];
  private count = 0;
  /** -1: nothing kept. */
  private epoch = -1;
  // The number and boolean attributes met by the last `write`, for `writeMetrics`.
  private readonly metricKeys: string[] = [];
  /** The bytes of `metricKeys[i]`, once written: undefined until then (see `writeMetrics`). */
  private readonly metricKeyBytes: Array<PreEncoded | undefined> = [];
  private readonly metricValues: number[] = [];
  private metricCount = 0;

  /**
   * Writes the string attributes but the naming keys as meta entries; returns how many. Notes
   * the number and boolean ones on the way, for `writeMetrics` (one pass over the attributes).
   */
  write(writer: MsgpackWriter, attributes: Attributes): number {
    const keys = this.keys;
    const keyBytes = this.keyBytes;
    const values = this.values;
    const offsets = this.offsets;
    const metricKeys = this.metricKeys;
    const metricKeyBytes = this.metricKeyBytes;
    const metricValues = this.metricValues;
    const kept = this.epoch === writer.epoch ? this.count : 0;
    // Until this span is fully written, the arrays are a mix of two spans: not to be trusted.
    this.epoch = -1;
    let count = 0;
    // The run of kept entries not yet copied: their bytes [runFrom, runTo) go to `runAt`.
    let runFrom = -1;
    let runTo = 0;
    let runAt = 0;
    let metricCount = 0;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value !== 'string') {
        let metric: number;
        if (typeof value === 'number') {
          if (value !== value) continue;
          metric = value;
        } else if (typeof value === 'boolean') {
          metric = value ? 1 : 0;
        } else continue;
        if (metricKeys[metricCount] !== key) {
          metricKeys[metricCount] = key;
          metricKeyBytes[metricCount] = undefined;
        }
        metricValues[metricCount++] = metric;
        continue;
      }
      if (isPassThroughNamingKey(key)) continue;
      if (count < kept && keys[count] === key && values[count] === value) {
        const from = offsets[count]!;
        if (runFrom < 0) {
          runFrom = from;
          runAt = writer.length;
        }
        runTo = offsets[count + 1]!;
        offsets[count] = runAt + (from - runFrom);
      } else {
        if (runFrom >= 0) {
          writer.copyWritten(runFrom, runTo - runFrom);
          runFrom = -1;
        }
        offsets[count] = writer.length;
        if (keys[count] !== key) {
          keys[count] = key;
          keyBytes[count] = encodedKey(key);
        }
        values[count] = value.length <= MAX_KEPT_VALUE_LENGTH ? value : null;
        writeKeyWith(writer, key, keyBytes[count]);
        writer.str(value);
      }
      count++;
    }
    if (runFrom >= 0) writer.copyWritten(runFrom, runTo - runFrom);
    offsets[count] = writer.length;
    this.metricCount = metricCount;
    this.count = count;
    this.epoch = writer.epoch;
    // An unusually large span must not keep its arrays: the next one starts them afresh.
    if (count > MAX_KEPT_ENTRIES) {
      keys.length = 0;
      keyBytes.length = 0;
      values.length = 0;
      offsets.length = 0;
      this.count = 0;
      this.epoch = -1;
    }
    return count;
  }

  /**
   * Writes the number (NaN left out) and boolean (1/0) attributes of the last `write` as metrics
   * entries; returns how many.
   */
  writeMetrics(writer: MsgpackWriter): number {
    const count = this.metricCount;
    const metricKeyBytes = this.metricKeyBytes;
    for (let i = 0; i < count; i++) {
      const key = this.metricKeys[i]!;
      writeKeyWith(writer, key, (metricKeyBytes[i] ??= encodedKey(key)));
      writer.number(this.metricValues[i]!);
    }
    this.metricCount = 0;
    if (this.metricKeys.length > MAX_KEPT_ENTRIES) {
      this.metricKeys.length = 0;
      metricKeyBytes.length = 0;
      this.metricValues.length = 0;
    }
    return count;
  }
}

/** Spans with more string attributes than this are written without keeping them. */
const MAX_KEPT_ENTRIES = 256;
/** Longer string values are not kept: at most 256 × 512 chars stay referenced. */
const MAX_KEPT_VALUE_LENGTH = 512;
