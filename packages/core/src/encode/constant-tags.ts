import { MsgpackWriter } from './msgpack-writer.js';
import { preEncodeBytes, type PreEncoded } from './pre-encoded.js';

/**
 * Meta and metrics entries that are identical on many spans (`language`, `runtime-id`,
 * `span.kind`, `env`, `version`, `DD_TAGS`, `process_id`, …), prepared once per configuration.
 * The v0.4 encoder copies them as one pre-encoded block instead of encoding each key and value
 * for every span; the v0.5 encoder turns them into string-table indices once per payload.
 */
export class ConstantTags {
  readonly metaKeys: readonly string[];
  readonly metaValues: readonly string[];
  readonly metricKeys: readonly string[];
  readonly metricValues: readonly number[];
  /** The meta entries as MessagePack `str → str` pairs (v0.4). */
  readonly v04Meta: PreEncoded;
  /** The metrics entries as MessagePack `str → number` pairs (v0.4). */
  readonly v04Metrics: PreEncoded;

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
    for (const [key, value] of validMeta) {
      writer.str(key);
      writer.str(value);
    }
    this.v04Meta = preEncodeBytes(writer.take());
    for (const [key, value] of validMetrics) {
      writer.str(key);
      writer.number(value);
    }
    this.v04Metrics = preEncodeBytes(writer.take());
    Object.freeze(this);
  }

  get metaCount(): number {
    return this.metaKeys.length;
  }

  get metricCount(): number {
    return this.metricKeys.length;
  }
}

/** For records that carry every entry in their own meta and metrics. */
export const NO_CONSTANT_TAGS = new ConstantTags([], []);
