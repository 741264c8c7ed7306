import type { Attributes } from '@opentelemetry/api';
import { epochMsToNanos, eventName, toSpanEventRecords } from '../encode/span-event-values.js';
import type { SpanEventRecord } from '../encode/span-record.js';
import type { SpanEventData } from '../span/span-data.js';
import { EntrySnapshot } from '../encode/written-range.js';
import { jsonArrayOfOneWithinLimit, joinJsonItemsWithinLimit } from './json-list.js';
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
 * The JSON of the last event name and attribute set, reused when the next event has the same:
 * events of one kind repeat from span to span, and building the text is most of the cost.
 */
let lastName = '';
let lastNameJson = '""';
const lastAttributes = new EntrySnapshot();
let lastAttributesJson: string | undefined = undefined;

function nameJson(name: unknown): string {
  const text = eventName(name);
  if (text !== lastName) {
    lastName = text;
    lastNameJson = jsonString(text);
  }
  return lastNameJson;
}

function attributesJson(attributes: Attributes | undefined): string | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (lastAttributes.matches(attributes)) return lastAttributesJson;
  const json = jsonAttributes(attributes);
  lastAttributes.record(attributes);
  lastAttributesJson = json;
  return json;
}

function eventJson(event: SpanEventData): string {
  const attributes = attributesJson(event.attributes);
  // Key order as dd-trace-js: name, time_unix_nano, attributes (omitted when empty).
  const head = `{"name":${nameJson(event.name)},"time_unix_nano":${jsonEpochNanos(epochMsToNanos(event.timeMs))}`;
  return attributes === undefined ? `${head}}` : `${head},"attributes":${attributes}}`;
}

/**
 * Meta `events` fallback (v0.5, or native events off): a JSON array
 * `[{"name","time_unix_nano","attributes"?}]`. Events that would push the string past the
 * Agent's meta value limit are left out, so the Agent never truncates it into invalid JSON.
 */
export function spanEventsToJson(events: readonly SpanEventData[]): string | undefined {
  if (events.length === 1) return jsonArrayOfOneWithinLimit(eventJson(events[0] as SpanEventData));
  const items: string[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) items[i] = eventJson(events[i] as SpanEventData);
  return joinJsonItemsWithinLimit(items);
}
