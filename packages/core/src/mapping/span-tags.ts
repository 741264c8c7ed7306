import type { SpanErrorData, LocalTraceData } from '../span/span-data.js';
import { truncateMetaValue, truncateTagKey } from './normalize.js';
import { traceIdHigh } from './trace-id.js';

/**
 * The meta/metrics writes the mapper makes after the attribute pass. With constant blocks,
 * `reserved` holds the keys those blocks (and the record's own fields) already carry: a write
 * to one of them cannot be expressed next to the block, so the writer reports `false` and the
 * span is mapped again with every tag in its own objects (see map-span.ts).
 */

/** Copies a recorded error field unless the user already set it as an attribute. */
function copyErrorField(meta: Record<string, string>, key: string, value: unknown): void {
  if (typeof value === 'string' && meta[key] === undefined) meta[key] = truncateMetaValue(value);
}

export function writeErrorFields(meta: Record<string, string>, error: SpanErrorData): void {
  copyErrorField(meta, 'error.type', error.type);
  copyErrorField(meta, 'error.message', error.message);
  copyErrorField(meta, 'error.stack', error.stack);
}

/** Chunk-level trace tags on the chunk's first span; the tracer's values win (tags.ts). */
export function writeTraceTags(
  meta: Record<string, string>,
  metrics: Record<string, number>,
  trace: LocalTraceData,
  reserved: ReadonlySet<string> | undefined,
): boolean {
  const tags = trace.tags;
  for (const key in tags) {
    // Derived from the trace id below, so a stale or missing tag can't disagree with the id.
    if (key === '_dd.p.tid') continue;
    const value = tags[key];
    if (typeof value !== 'string') continue;
    const tagKey = truncateTagKey(key);
    if (reserved !== undefined && reserved.has(tagKey)) return false;
    meta[tagKey] = truncateMetaValue(value);
    if (metrics[tagKey] !== undefined) delete metrics[tagKey];
  }
  // A drawn id's high half is already text; a received one's comes from its hex.
  const high = trace.idLow !== undefined ? trace.idHighHex : traceIdHigh(trace.traceId);
  if (high !== undefined) {
    meta['_dd.p.tid'] = high;
    if (metrics['_dd.p.tid'] !== undefined) delete metrics['_dd.p.tid'];
  } else if (meta['_dd.p.tid'] !== undefined) {
    delete meta['_dd.p.tid'];
  }
  return true;
}

export function writeRootMetrics(
  metrics: Record<string, number>,
  rootMetrics: Record<string, number>,
  reserved: ReadonlySet<string> | undefined,
): boolean {
  for (const key in rootMetrics) {
    const value = rootMetrics[key];
    if (typeof value !== 'number' || value !== value) continue;
    if (reserved !== undefined && reserved.has(key)) return false;
    metrics[key] = value;
  }
  return true;
}

/** True when `meta` or `metrics` holds one of `keys` (the global tags in the constant block). */
export function touchesAny(
  keys: readonly string[],
  meta: Record<string, string> | undefined,
  metrics: Record<string, number> | undefined,
): boolean {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (meta !== undefined && meta[key] !== undefined) return true;
    if (metrics !== undefined && metrics[key] !== undefined) return true;
  }
  return false;
}
