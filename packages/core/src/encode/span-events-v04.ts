import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncodeKey } from './pre-encoded.js';
import type { SpanEventAttributeValue, SpanEventRecord } from './span-record.js';

const KEY_NAME = preEncodeKey('name');
const KEY_TIME_UNIX_NANO = preEncodeKey('time_unix_nano');
const KEY_ATTRIBUTES = preEncodeKey('attributes');
const KEY_TYPE = preEncodeKey('type');
const KEY_STRING_VALUE = preEncodeKey('string_value');
const KEY_BOOL_VALUE = preEncodeKey('bool_value');
const KEY_INT_VALUE = preEncodeKey('int_value');
const KEY_DOUBLE_VALUE = preEncodeKey('double_value');
const KEY_ARRAY_VALUE = preEncodeKey('array_value');
const KEY_VALUES = preEncodeKey('values');

/**
 * Native span events (spec §2.1 B): an array of maps `name`, `time_unix_nano` (uint64, the
 * Agent rejects floats), `attributes` (key → `AttributeAnyValue`, omitted when none is valid).
 * Entries the Agent could not decode are skipped here rather than sent.
 */
export function writeSpanEvents(writer: MsgpackWriter, events: readonly SpanEventRecord[]): void {
  let count = 0;
  for (let i = 0; i < events.length; i++) if (typeof events[i]!.name === 'string') count++;
  writer.arrayHeader(count);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (typeof event.name !== 'string') continue;
    const attributes = event.attributes;
    const attributeCount = attributes === undefined ? 0 : countValidAttributes(attributes);
    writer.mapHeader(attributeCount > 0 ? 3 : 2);
    writer.raw(KEY_NAME);
    writer.str(event.name);
    writer.raw(KEY_TIME_UNIX_NANO);
    writer.uint64FromNumber(Math.round(event.timeUnixNano));
    if (attributeCount > 0) {
      writer.raw(KEY_ATTRIBUTES);
      writer.mapHeader(attributeCount);
      for (const key in attributes) {
        const value = attributes![key]!;
        if (!isValidAttribute(value)) continue;
        writer.str(key);
        writeAttributeValue(writer, value);
      }
    }
  }
}

function countValidAttributes(attributes: Record<string, SpanEventAttributeValue>): number {
  let count = 0;
  for (const key in attributes) if (isValidAttribute(attributes[key])) count++;
  return count;
}

function isScalar(value: SpanEventAttributeValue | undefined): boolean {
  if (value === null || typeof value !== 'object') return false;
  switch (value.type) {
    case 0:
      return typeof value.string_value === 'string';
    case 1:
      return typeof value.bool_value === 'boolean';
    case 2:
    case 3:
      return typeof (value.type === 2 ? value.int_value : value.double_value) === 'number';
    default:
      return false;
  }
}

/** Arrays hold scalars only (nested arrays are dropped) and need at least one. */
function isValidAttribute(value: SpanEventAttributeValue | undefined): boolean {
  if (isScalar(value)) return true;
  if (value === null || typeof value !== 'object' || value.type !== 4) return false;
  const items = value.array_value?.values;
  return Array.isArray(items) && items.some(isScalar);
}

function writeAttributeValue(writer: MsgpackWriter, value: SpanEventAttributeValue): void {
  writer.mapHeader(2);
  writer.raw(KEY_TYPE);
  writer.int(value.type);
  switch (value.type) {
    case 0:
      writer.raw(KEY_STRING_VALUE);
      writer.str(value.string_value);
      return;
    case 1:
      writer.raw(KEY_BOOL_VALUE);
      writer.bool(value.bool_value);
      return;
    case 2:
      writer.raw(KEY_INT_VALUE);
      writer.int(value.int_value);
      return;
    case 3:
      writer.raw(KEY_DOUBLE_VALUE);
      writer.float64(value.double_value);
      return;
    case 4: {
      const items = value.array_value.values.filter(isScalar);
      writer.raw(KEY_ARRAY_VALUE);
      writer.mapHeader(1);
      writer.raw(KEY_VALUES);
      writer.arrayHeader(items.length);
      for (const item of items) writeAttributeValue(writer, item);
    }
  }
}
