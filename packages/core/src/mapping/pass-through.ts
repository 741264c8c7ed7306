import type { Attributes } from '@opentelemetry/api';
import { MAX_META_KEY_LENGTH, MAX_META_VALUE_LENGTH } from './normalize.js';
import type { TagRules } from './tags.js';

/**
 * Attribute keys the attribute pass (tags.ts `applyAttributes`) treats specially: naming keys,
 * keys the tracer owns, keys with conversions. `_dd.hostname` is listed although it passes
 * through when `reportHostname` is off, to keep this check independent of the config.
 */
const MAPPED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  'operation.name', 'resource.name', 'service.name', 'span.type', 'error', 'error.type', 'error.message',
  'error.stack', 'http.status_code', 'http.response.status_code', '_dd.measured', 'analytics.event',
  '_dd.hostname', 'language', 'runtime-id', 'process_id', 'span.kind', '_dd.integration', '_dd.origin',
  '_dd.base_service', '_dd.svc_src', '_sampling_priority_v1', '_dd.top_level', 'events', '_dd.span_links',
]);

/**
 * True when the attribute pass would copy every attribute under its own key, unchanged: strings
 * to meta, numbers (but NaN) and booleans to metrics, null/undefined and non-primitives dropped.
 * The record can then carry the span's attributes object as is (`passThroughAttributes`)
 * instead of copies. Not for arrays (flattened to `key.N`), over-long keys or values
 * (truncated), mapped keys, or keys of the global tags (which an attribute overrides).
 */
export function canPassThrough(attributes: Attributes, rules: TagRules): boolean {
  const globalKeys = rules.overridableMetaKeys;
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    if (MAPPED_ATTRIBUTE_KEYS.has(key) || key.length > MAX_META_KEY_LENGTH) return false;
    if (globalKeys !== undefined && globalKeys[key] === true) return false;
    if (typeof value === 'string') {
      if (value.length > MAX_META_VALUE_LENGTH) return false;
    } else if (typeof value === 'object') {
      return false;
    }
  }
  return true;
}
