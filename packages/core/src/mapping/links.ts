import type { Attributes, Link } from '@opentelemetry/api';
import { isSpanContextValid } from '../internal/otel-api.js';
import { LINK_WITHOUT_FLAGS } from '../internal/link-without-flags.js';
import { joinJsonItemsWithinLimit } from './json-list.js';

const TRACE_ID_FORMAT = /^[0-9a-f]{32}$/i;
const SPAN_ID_FORMAT = /^[0-9a-f]{16}$/i;
/** Link attributes are sanitised primitives/arrays; the depth guard only protects odd input. */
const MAX_FLATTEN_DEPTH = 4;

interface SpanLinkJson {
  trace_id: string;
  span_id: string;
  attributes?: Record<string, string>;
  flags?: 0 | 1;
  tracestate?: string;
}

/** dd-trace-js `_sanitizeAttributes`: arrays → `key.0`, `key.0.1` …; primitives → String(v). */
function flattenAttribute(
  out: Record<string, string>,
  key: string,
  value: unknown,
  depth: number,
): boolean {
  switch (typeof value) {
    case 'string':
      out[key] = value;
      return true;
    case 'number':
    case 'boolean':
      out[key] = String(value);
      return true;
    case 'object': {
      if (!Array.isArray(value) || depth >= MAX_FLATTEN_DEPTH) return false;
      let added = false;
      for (let i = 0; i < value.length; i++) {
        if (flattenAttribute(out, `${key}.${i}`, value[i], depth + 1)) added = true;
      }
      return added;
    }
    default:
      return false;
  }
}

function flattenAttributes(attributes: Attributes | undefined): Record<string, string> | undefined {
  if (attributes === undefined || attributes === null || typeof attributes !== 'object') {
    return undefined;
  }
  const out: Record<string, string> = {};
  let added = false;
  for (const key in attributes) {
    if (flattenAttribute(out, key, attributes[key], 0)) added = true;
  }
  return added ? out : undefined;
}

/**
 * A span pointer (dd-trace-js `addSpanPointer`) is a link to the all-zero context; it is the
 * one invalid context worth keeping.
 */
function isSpanPointer(traceId: string, spanId: string, attributes: Attributes | undefined): boolean {
  return (
    TRACE_ID_FORMAT.test(traceId) &&
    SPAN_ID_FORMAT.test(spanId) &&
    attributes?.['link.kind'] === 'span-pointer'
  );
}

function serializeTraceState(link: Link): string | undefined {
  const traceState = link.context.traceState;
  if (traceState === undefined || traceState === null || typeof traceState.serialize !== 'function') {
    return undefined;
  }
  try {
    const serialized = traceState.serialize();
    return typeof serialized === 'string' && serialized !== '' ? serialized : undefined;
  } catch {
    return undefined; // a foreign TraceState implementation must not break the export
  }
}

function toLinkJson(link: Link): SpanLinkJson | undefined {
  const context = link?.context;
  if (context === undefined || context === null || typeof context !== 'object') return undefined;
  if (typeof context.traceId !== 'string' || typeof context.spanId !== 'string') return undefined;
  if (!isSpanContextValid(context) && !isSpanPointer(context.traceId, context.spanId, link.attributes)) {
    return undefined;
  }
  const json: SpanLinkJson = {
    trace_id: context.traceId.toLowerCase(),
    span_id: context.spanId.toLowerCase(),
  };
  const attributes = flattenAttributes(link.attributes);
  if (attributes !== undefined) json.attributes = attributes;
  if (typeof context.traceFlags === 'number' && !(LINK_WITHOUT_FLAGS in context)) json.flags = (context.traceFlags & 1) as 0 | 1;
  const traceState = serializeTraceState(link);
  if (traceState !== undefined) json.tracestate = traceState;
  return json;
}

/**
 * Meta `_dd.span_links` (spec §3): a JSON array, invalid link contexts skipped, and links left
 * out rather than producing a string the Agent would truncate into invalid JSON.
 */
export function spanLinksToJson(links: readonly Link[]): string | undefined {
  const items: string[] = [];
  for (const link of links) {
    const json = toLinkJson(link);
    if (json !== undefined) items.push(JSON.stringify(json));
  }
  return joinJsonItemsWithinLimit(items);
}
