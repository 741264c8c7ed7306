import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { truncateMetaValue, truncateTagKey } from './normalize.js';

/**
 * What the attribute pass found besides plain tags. One instance per mapper, reset per span,
 * so the hot path allocates nothing for it.
 */
export class AttributeScan {
  operationName: string | undefined = undefined;
  resourceName: string | undefined = undefined;
  serviceName: string | undefined = undefined;
  spanType: string | undefined = undefined;
  /** Set by a truthy `error` attribute or by user-set `error.type/message/stack` attributes. */
  error = false;
  /** Value of a `_dd.measured` attribute (truthy → 1), when present. */
  measured: 0 | 1 | undefined = undefined;

  reset(): void {
    this.operationName = undefined;
    this.resourceName = undefined;
    this.serviceName = undefined;
    this.spanType = undefined;
    this.error = false;
    this.measured = undefined;
  }
}

export interface TagRules {
  /**
   * Keys of the per-config meta template (global tags, `env`, `version`) that a span attribute
   * may override, null-prototype. A numeric/boolean attribute with such a key removes the
   * template string so the key never appears in both meta and metrics.
   */
  readonly overridableMetaKeys: Readonly<Record<string, true>> | undefined;
  /** `_dd.hostname` is written by the tracer (`reportHostname`), so an attribute can't set it. */
  readonly hostnameReserved: boolean;
}

function setMetric(
  meta: Record<string, string>,
  metrics: Record<string, number>,
  key: string,
  value: number,
  rules: TagRules,
): void {
  const tagKey = truncateTagKey(key);
  metrics[tagKey] = value;
  if (rules.overridableMetaKeys !== undefined && rules.overridableMetaKeys[tagKey] === true) {
    delete meta[tagKey];
  }
}

/** A primitive attribute value → meta (string) or metrics (number, boolean as 1/0). */
function addPrimitiveTag(
  meta: Record<string, string>,
  metrics: Record<string, number>,
  key: string,
  value: unknown,
  rules: TagRules,
): void {
  switch (typeof value) {
    case 'string':
      meta[truncateTagKey(key)] = truncateMetaValue(value);
      return;
    case 'number':
      // NaN can't be represented by the Agent; -0 is written as 0 so integers stay integers.
      if (value === value) setMetric(meta, metrics, key, value === 0 ? 0 : value, rules);
      return;
    case 'boolean':
      setMetric(meta, metrics, key, value ? 1 : 0, rules);
      return;
    default:
      return; // bigint, symbol, function, object, null: never reach the payload
  }
}

/** Arrays become `key.0`, `key.1`, … (DESIGN §5); nested arrays/objects and nulls are dropped. */
function addArrayTags(
  meta: Record<string, string>,
  metrics: Record<string, number>,
  key: string,
  items: readonly unknown[],
  rules: TagRules,
): void {
  for (let i = 0; i < items.length; i++) {
    addPrimitiveTag(meta, metrics, `${key}.${i}`, items[i], rules);
  }
}

function addTag(
  meta: Record<string, string>,
  metrics: Record<string, number>,
  key: string,
  value: AttributeValue,
  rules: TagRules,
): void {
  if (Array.isArray(value)) addArrayTags(meta, metrics, key, value, rules);
  else addPrimitiveTag(meta, metrics, key, value, rules);
}

function isStatusCodeValue(value: AttributeValue): value is number | string {
  return typeof value === 'string' || (typeof value === 'number' && value === value);
}

/**
 * One pass over the span attributes (spec §1.6, DESIGN §4–§5): plain attributes go to
 * meta/metrics; the naming keys are captured into `scan` and not emitted.
 *
 * Precedence when an attribute collides with a key the tracer writes:
 * - `language`, `runtime-id`, `process_id`, `span.kind`, `_dd.integration`, `_dd.origin`,
 *   `_dd.base_service`, `_dd.svc_src`, `_sampling_priority_v1`, `_dd.top_level`, and the
 *   wire-format keys `events` / `_dd.span_links`: the TRACER wins, the attribute is dropped
 *   (they describe the process, the trace or the payload format, not the span's data).
 * - `_dd.hostname`: the tracer wins when `reportHostname` is on; otherwise a string passes.
 * - trace tags (`_dd.p.*`, …) and the local root's sampler metrics: the tracer overwrites them
 *   after this pass (see map-span.ts).
 * - global config tags (`DD_TAGS`, `env`, `version`): the ATTRIBUTE wins, as in dd-trace-js
 *   where config tags are only the span's initial tags.
 */
export function applyAttributes(
  attributes: Attributes,
  meta: Record<string, string>,
  metrics: Record<string, number>,
  scan: AttributeScan,
  rules: TagRules,
): void {
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'operation.name':
        if (typeof value === 'string') scan.operationName = value;
        continue;
      case 'resource.name':
        if (typeof value === 'string') scan.resourceName = value;
        continue;
      case 'service.name':
        if (typeof value === 'string') scan.serviceName = value;
        continue;
      case 'span.type':
        if (typeof value === 'string') scan.spanType = value;
        continue;
      case 'error':
        if (value) scan.error = true;
        continue;
      case 'error.type':
      case 'error.message':
      case 'error.stack':
        // Set directly by the user (recordException stores span.error instead): an error.
        meta[key] = truncateMetaValue(String(value));
        scan.error = true;
        continue;
      case 'http.status_code':
        meta[key] = truncateMetaValue(String(value));
        continue;
      case 'http.response.status_code': {
        const legacy = attributes['http.status_code'];
        if ((legacy === undefined || legacy === null) && isStatusCodeValue(value)) {
          meta['http.status_code'] = truncateMetaValue(String(value));
        }
        break; // and also kept under its own key
      }
      case '_dd.measured':
        scan.measured = value ? 1 : 0;
        continue;
      case 'analytics.event':
        metrics['_dd1.sr.eausr'] = value ? 1 : 0;
        continue;
      case '_dd.hostname':
        if (rules.hostnameReserved) continue;
        break;
      case 'language':
      case 'runtime-id':
      case 'process_id':
      case 'span.kind':
      case '_dd.integration':
      case '_dd.origin':
      case '_dd.base_service':
      case '_dd.svc_src':
      case '_sampling_priority_v1':
      case '_dd.top_level':
      case 'events':
      case '_dd.span_links':
        continue;
      default:
        break;
    }
    addTag(meta, metrics, key, value, rules);
  }
}
