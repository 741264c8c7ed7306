import type { Attributes } from '@opentelemetry/api';
import type { SpanEventAttributeValue, SpanEventRecord } from '../encode/span-record.js';
import type { SpanEventData } from '../span/span-data.js';
import { joinJsonItemsWithinLimit } from './json-list.js';
import { jsonEpochNanos, jsonNumber, jsonPrimitiveArray, jsonString } from './json-text.js';

/** Largest epoch ms whose nanoseconds fit the Agent's int64 fields (year 2262). */
const MAX_EPOCH_MS = 9_223_372_036_854;

/** Epoch ms (sub-ms precision) → integer epoch ns; nonsense times become 0 (never NaN/∞). */
export function epochMsToNanos(ms: number): number {
  return ms > 0 && ms <= MAX_EPOCH_MS ? Math.round(ms * 1e6) : 0;
}

function eventName(name: unknown): string {
  return typeof name === 'string' ? name : String(name);
}

/**
 * Number attribute → typed value. Integers outside the safe range are doubles: the Agent
 * reads `int_value` as int64, which a double above 2^53 can't be trusted to round-trip into.
 */
function typedNumber(value: number): SpanEventAttributeValue {
  return Number.isSafeInteger(value)
    ? { type: 2, int_value: value === 0 ? 0 : value }
    : { type: 3, double_value: value };
}

/**
 * Array attribute → `{type: 4}` with items of ONE type (the test agent rejects mixed item
 * types): ints mixed with floats → all doubles; strings/booleans/numbers mixed → all strings.
 * Nulls and nested values are dropped; an array with nothing left is dropped.
 */
function typedArray(items: readonly unknown[]): SpanEventAttributeValue | undefined {
  let strings = 0;
  let booleans = 0;
  let integers = 0;
  let doubles = 0;
  for (const item of items) {
    switch (typeof item) {
      case 'string': strings++; break;
      case 'boolean': booleans++; break;
      case 'number': if (Number.isSafeInteger(item)) integers++; else doubles++; break;
      default: break;
    }
  }
  const numbers = integers + doubles;
  const kinds = (strings > 0 ? 1 : 0) + (booleans > 0 ? 1 : 0) + (numbers > 0 ? 1 : 0);
  if (kinds === 0) return undefined;

  const values: SpanEventAttributeValue[] = [];
  for (const item of items) {
    const kind = typeof item;
    if (kind !== 'string' && kind !== 'boolean' && kind !== 'number') continue;
    if (kinds > 1) values.push({ type: 0, string_value: String(item) });
    else if (kind === 'string') values.push({ type: 0, string_value: item as string });
    else if (kind === 'boolean') values.push({ type: 1, bool_value: item as boolean });
    else if (doubles > 0) values.push({ type: 3, double_value: item as number });
    else values.push(typedNumber(item as number));
  }
  return { type: 4, array_value: { values } };
}

function typedValue(value: unknown): SpanEventAttributeValue | undefined {
  switch (typeof value) {
    case 'string':
      return { type: 0, string_value: value };
    case 'boolean':
      return { type: 1, bool_value: value };
    case 'number':
      return typedNumber(value);
    case 'object':
      return Array.isArray(value) ? typedArray(value) : undefined;
    default:
      return undefined;
  }
}

function typedAttributes(
  attributes: Attributes | undefined,
): Record<string, SpanEventAttributeValue> | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  let result: Record<string, SpanEventAttributeValue> | undefined;
  for (const key in attributes) {
    const value = typedValue(attributes[key]);
    if (value === undefined) continue;
    if (result === undefined) result = {};
    result[key] = value;
  }
  return result;
}

/** Native `span_events` (v0.4 with an Agent that supports them). */
export function toNativeSpanEvents(events: readonly SpanEventData[]): SpanEventRecord[] {
  const records: SpanEventRecord[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SpanEventData;
    const record: SpanEventRecord = {
      name: eventName(event.name),
      timeUnixNano: epochMsToNanos(event.timeMs),
    };
    const attributes = typedAttributes(event.attributes);
    if (attributes !== undefined) record.attributes = attributes;
    records[i] = record;
  }
  return records;
}

/**
 * `"attributes":{…}` members as JSON text, with the same dropping rules as the native form so
 * both modes carry the same data; `undefined` when nothing survives.
 */
function jsonAttributes(attributes: Attributes | undefined): string | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  let out = '';
  for (const key in attributes) {
    const value: unknown = attributes[key];
    let text: string | undefined;
    switch (typeof value) {
      case 'string': text = jsonString(value); break;
      case 'number': text = jsonNumber(value); break;
      case 'boolean': text = value ? 'true' : 'false'; break;
      case 'object': text = Array.isArray(value) ? jsonPrimitiveArray(value) : undefined; break;
      default: text = undefined;
    }
    if (text === undefined) continue;
    const member = `${jsonString(key)}:${text}`;
    out = out === '' ? member : `${out},${member}`;
  }
  return out === '' ? undefined : `{${out}}`;
}

/**
 * Meta `events` fallback (v0.5, or native events off): a JSON array
 * `[{"name","time_unix_nano","attributes"?}]`. Events that would push the string past the
 * Agent's meta value limit are left out, so the Agent never truncates it into invalid JSON.
 */
export function spanEventsToJson(events: readonly SpanEventData[]): string | undefined {
  const items: string[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SpanEventData;
    const attributes = jsonAttributes(event.attributes);
    // Key order as dd-trace-js: name, time_unix_nano, attributes (omitted when empty).
    const head = `{"name":${jsonString(eventName(event.name))},"time_unix_nano":${jsonEpochNanos(epochMsToNanos(event.timeMs))}`;
    items[i] = attributes === undefined ? `${head}}` : `${head},"attributes":${attributes}}`;
  }
  return joinJsonItemsWithinLimit(items);
}
