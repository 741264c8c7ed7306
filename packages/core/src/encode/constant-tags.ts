import { MsgpackWriter } from './msgpack-writer.js';
import { preEncode, preEncodeBytes, type PreEncoded } from './pre-encoded.js';

const KEY_META_MAP32 = preEncode('meta', 0xdf, 0, 0, 0, 0);
const KEY_METRICS_MAP32 = preEncode('metrics', 0xdf, 0, 0, 0, 0);
const KEY_SAMPLING_PRIORITY = '_sampling_priority_v1';
/** Priorities with their own metrics block (the ones the samplers set). */
const COMMON_PRIORITIES = [-1, 0, 1, 2] as const;

/**
 * Meta and metrics entries that are identical on many spans (`language`, `runtime-id`,
 * `span.kind`, `env`, `version`, `DD_TAGS`, `process_id`, …), prepared once per configuration.
 * The v0.4 encoder copies them as one pre-encoded block instead of encoding each key and value
 * for every span; the v0.5 encoder turns them into string-table indices once per payload
 * (string-table.ts).
 */
export class ConstantTags {
  readonly metaKeys: readonly string[];
  readonly metaValues: readonly string[];
  readonly metricKeys: readonly string[];
  readonly metricValues: readonly number[];
  /**
   * v0.4 `meta` key, a map32 header to patch (at offset `V04_META_HEADER_OFFSET`), then the
   * meta entries: the start of a span's meta in one block.
   */
  readonly v04MetaHead: PreEncoded;
  /**
   * v0.4 `metrics` key, a map32 header to patch (at `V04_METRICS_HEADER_OFFSET`), the metrics
   * entries, then `_sampling_priority_v1` → priority: index 0 without a priority, 1–4 with
   * priority -1, 0, 1, 2 (entry count one more).
   */
  readonly v04MetricsHeads: readonly PreEncoded[];

  /**
   * Keys must be unique within meta and within metrics; non-string meta values and NaN metric
   * values are left out, as the encoders do for ordinary entries.
   */
  constructor(meta: ReadonlyArray<readonly [string, string]>, metrics: ReadonlyArray<readonly [string, number]>) {
    const validMeta = meta.filter(([key, value]) => typeof key === 'string' && typeof value === 'string');
    const validMetrics = metrics.filter(([key, value]) => typeof key === 'string' && typeof value === 'number' && value === value);
    this.metaKeys = Object.freeze(validMeta.map(([key]) => key));
    this.metaValues = Object.freeze(validMeta.map(([, value]) => value));
    this.metricKeys = Object.freeze(validMetrics.map(([key]) => key));
    this.metricValues = Object.freeze(validMetrics.map(([, value]) => value));

    const writer = new MsgpackWriter({ initialSize: 256, cacheStrings: false });
    writer.raw(KEY_META_MAP32);
    for (const [key, value] of validMeta) {
      writer.str(key);
      writer.str(value);
    }
    this.v04MetaHead = preEncodeBytes(writer.take());
    const metricsHeads: PreEncoded[] = [];
    for (const priority of [undefined, ...COMMON_PRIORITIES]) {
      writer.raw(KEY_METRICS_MAP32);
      for (const [key, value] of validMetrics) {
        writer.str(key);
        writer.number(value);
      }
      if (priority !== undefined) {
        writer.str(KEY_SAMPLING_PRIORITY);
        writer.int(priority);
      }
      metricsHeads.push(preEncodeBytes(writer.take()));
    }
    this.v04MetricsHeads = Object.freeze(metricsHeads);
    Object.freeze(this);
  }

  get metaCount(): number {
    return this.metaKeys.length;
  }

  get metricCount(): number {
    return this.metricKeys.length;
  }
}

/** Where the map32 header sits in `v04MetaHead` / `v04MetricsHeads`. */
export const V04_META_HEADER_OFFSET = 5;
export const V04_METRICS_HEADER_OFFSET = 8;

/** Index into `v04MetricsHeads` for a priority; -1 when it has no block of its own. */
export function v04MetricsHeadIndex(priority: number | undefined): number {
  if (priority === undefined) return 0;
  return priority === -1 || priority === 0 || priority === 1 || priority === 2 ? priority + 2 : -1;
}

/** For records that carry every entry in their own meta and metrics. */
export const NO_CONSTANT_TAGS = new ConstantTags([], []);
