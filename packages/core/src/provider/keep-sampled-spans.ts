import type { CompactSpanRecord } from '../encode/compact-span-record.js';
import type { DatadogSpanRecord } from '../encode/span-record.js';
import type { SpanSampler } from '../sampling/span-sampler.js';

/**
 * Marks the records of a dropped trace's chunk that a single-span rule keeps. The mapper makes
 * `CompactSpanRecord`s (checked by shape: the encoders live in the lazily loaded export code);
 * a record's `extraMetrics` may be the mapper's own object, so a marked record gets a new one.
 */
export function keepSampledSpans(sampler: SpanSampler, records: readonly DatadogSpanRecord[]): void {
  for (const record of records) {
    const compact = record as Partial<CompactSpanRecord>;
    if (typeof compact.spanIdHigh !== 'number' || typeof compact.spanIdLow !== 'number') continue;
    const metrics = sampler.sample(compact as CompactSpanRecord);
    if (metrics !== undefined) compact.extraMetrics = { ...compact.extraMetrics, ...metrics };
  }
}
