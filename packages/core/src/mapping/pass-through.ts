import type { Attributes } from '@opentelemetry/api';
import { MAX_META_KEY_LENGTH, MAX_META_VALUE_LENGTH } from './normalize.js';
import type { AttributeScan, TagRules } from './tags.js';

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

/** True when a value breaks pass-through whatever its key: a non-primitive or an over-long string. */
function needsConversion(value: unknown): boolean {
  return typeof value === 'string' ? value.length > MAX_META_VALUE_LENGTH : typeof value === 'object';
}

/**
 * True when the attribute pass would copy every attribute under its own key, unchanged: strings
 * to meta, numbers (but NaN) and booleans to metrics, null/undefined and non-primitives dropped.
 * The record can then carry the span's attributes object as is (`passThroughAttributes`)
 * instead of copies. Not for arrays (flattened to `key.N`), over-long keys or values
 * (truncated), keys of the global tags (which an attribute overrides), or mapped keys, except
 * what a request span carries: `http.status_code` as a string, with or without
 * `http.response.status_code` (which then passes under its own key, as the attribute pass would
 * leave it), and, given a `scan`, the naming keys (`operation.name`, `resource.name`,
 * `service.name`, `span.type`) as strings, captured into it (the encoders never write them from
 * pass-through attributes, see `isPassThroughNamingKey`). Fills `scan` only partly when it
 * returns false.
 */
export function canPassThrough(attributes: Attributes, rules: TagRules, scan?: AttributeScan): boolean {
  const globalKeys = rules.overridableMetaKeys;
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    if (needsConversion(value)) return false;
    if (MAPPED_ATTRIBUTE_KEYS.has(key)) {
      if (!passesMappedKey(attributes, key, value, scan)) return false;
      continue;
    }
    if (key.length > MAX_META_KEY_LENGTH) return false;
    if (globalKeys !== undefined && globalKeys[key] === true) return false;
  }
  return true;
}

function passesMappedKey(attributes: Attributes, key: string, value: unknown, scan: AttributeScan | undefined): boolean {
  if (typeof value !== 'string') {
    // A numeric status passes as a metric when the string one is there to be the meta entry.
    return key === 'http.response.status_code' && typeof attributes['http.status_code'] === 'string';
  }
  if (key === 'http.status_code') return true;
  if (key === 'http.response.status_code') return typeof attributes['http.status_code'] === 'string';
  if (scan === undefined) return false;
  switch (key) {
    case 'operation.name':
      scan.operationName = value;
      return true;
    case 'resource.name':
      scan.resourceName = value;
      return true;
    case 'service.name':
      scan.serviceName = value;
      return true;
    case 'span.type':
      scan.spanType = value;
      return true;
    default:
      return false;
  }
}

/** True when `extra` (tags the tracer adds) holds a key `attributes` also sets. */
export function sharesKey(attributes: Attributes, extra: Record<string, unknown> | undefined): boolean {
  for (const key in extra) {
    const value = attributes[key];
    if (value !== undefined && value !== null) return true;
  }
  return false;
}
