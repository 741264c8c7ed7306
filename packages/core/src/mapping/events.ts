import type { Attributes } from '@opentelemetry/api';
import { epochMsToNanos, eventName, toSpanEventRecords } from '../encode/span-event-values.js';
import type { SpanEventRecord } from '../encode/span-record.js';
import type { SpanEventData } from '../span/span-data.js';
import { joinJsonItemsWithinLimit } from './json-list.js';
import { jsonEpochNanos, jsonNumber, jsonPrimitiveArray, jsonString } from './json-text.js';

export { epochMsToNanos };

/**
 * Native `span_events` (v0.4 with an Agent that supports them), typed. The mapper itself hands
 * the events to the encoder as recorded (which types them while writing); this is the same
 * data as a value, e.g. for tests.
 */
export function toNativeSpanEvents(events: readonly SpanEventData[]): SpanEventRecord[] {
  return toSpanEventRecords(events);
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
