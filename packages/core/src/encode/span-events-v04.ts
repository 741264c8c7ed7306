import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncode } from './pre-encoded.js';
import {
  ArrayItemType,
  arrayItemType,
  epochMsToNanos,
  isPrimitiveItem,
  type NativeSpanEventSource,
} from './span-event-values.js';
import type { SpanEventAttributeValue, SpanEventRecord } from './span-record.js';
import { EntrySnapshot, WrittenRange } from './written-range.js';

// Keys fused with the fixed bytes around them: one writer call each (see pre-encoded.ts).
const EVENT_HEAD_WITH_ATTRIBUTES = preEncode(0x83, 'name');
const EVENT_HEAD = preEncode(0x82, 'name');
const KEY_TIME_UNIX_NANO = preEncode('time_unix_nano');
const KEY_ATTRIBUTES = preEncode('attributes');
/** `{type: N, <value key>: ` of each AttributeAnyValue; the value follows. */
const STRING_VALUE_HEAD = preEncode(0x82, 'type', 0, 'string_value');
const BOOL_VALUE_HEAD = preEncode(0x82, 'type', 1, 'bool_value');
const INT_VALUE_HEAD = preEncode(0x82, 'type', 2, 'int_value');
const DOUBLE_VALUE_HEAD = preEncode(0x82, 'type', 3, 'double_value');
/** `{type: 4, array_value: {values: ` then the array. */
const ARRAY_VALUE_HEAD = preEncode(0x82, 'type', 4, 'array_value', 0x81, 'values');

/**
 * Native span events (spec §2.1 B): an array of maps `name`, `time_unix_nano` (uint64: the
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
    const attributeCount = attributes === undefined || attributes === null ? 0 : countValidAttributes(attributes);
    writer.raw(attributeCount > 0 ? EVENT_HEAD_WITH_ATTRIBUTES : EVENT_HEAD);
    writer.str(event.name);
    writer.raw(KEY_TIME_UNIX_NANO);
    writer.uint64FromNumber(Math.round(event.timeUnixNano));
    if (attributeCount > 0) {
      writer.raw(KEY_ATTRIBUTES);
      writer.mapHeader(attributeCount);
      for (const key in attributes) {
        const value = attributes[key];
        if (!isValidAttribute(value)) continue;
        writer.str(key);
        writeAttributeValue(writer, value!);
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
      return typeof value.int_value === 'number';
    case 3:
      return typeof value.double_value === 'number';
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
  switch (value.type) {
    case 0:
      writer.raw(STRING_VALUE_HEAD);
      writer.str(value.string_value);
      return;
    case 1:
      writer.raw(BOOL_VALUE_HEAD);
      writer.bool(value.bool_value);
      return;
    case 2:
      writer.raw(INT_VALUE_HEAD);
      writer.int(value.int_value);
      return;
    case 3:
      writer.raw(DOUBLE_VALUE_HEAD);
      writer.float64(value.double_value);
      return;
    case 4: {
      const items = value.array_value.values.filter(isScalar);
      writer.raw(ARRAY_VALUE_HEAD);
      writer.arrayHeader(items.length);
      for (const item of items) writeAttributeValue(writer, item);
    }
  }
}

/**
 * Writes native span events straight from the events as recorded: the same data as
 * `writeSpanEvents(toSpanEventRecords(events))`, each attribute typed while it is written, so no
 * typed copy is built. An event's map ends with `time_unix_nano` (key order is free), so all
 * but the time is one "body" that repeats whenever the name and attributes do, as they often do
 * from one span to the next: it is then copied from the previous event. One instance per writer.
 */
export class NativeSpanEventWriter {
  private bodyName = '';
  private bodyHasAttributes = false;
  private readonly body = new WrittenRange();
  private readonly bodyAttributes = new EntrySnapshot();

  /** All of `events`, after their array header. */
  write(writer: MsgpackWriter, events: readonly NativeSpanEventSource[]): void {
    writer.arrayHeader(events.length);
    for (let i = 0; i < events.length; i++) {
      this.writeBody(writer, events[i]!);
      writeEventTime(writer, events[i]!);
    }
  }

  /** The event's map up to the `time_unix_nano` key; its value must follow. */
  writeBody(writer: MsgpackWriter, event: NativeSpanEventSource): void {
    const name = typeof event.name === 'string' ? event.name : String(event.name);
    const attributes = event.attributes;
    const hasAttributes = attributes !== undefined && attributes !== null;
    const body = this.body;
    if (
      body.epoch === writer.epoch &&
      name === this.bodyName &&
      hasAttributes === this.bodyHasAttributes &&
      (!hasAttributes || this.bodyAttributes.matches(attributes))
    ) {
      writer.copyWritten(body.start, body.length);
      return;
    }
    const start = writer.length;
    const attributeCount = hasAttributes ? countWritableAttributes(attributes) : 0;
    writer.raw(attributeCount > 0 ? EVENT_HEAD_WITH_ATTRIBUTES : EVENT_HEAD);
    writer.str(name);
    if (attributeCount > 0) {
      writer.raw(KEY_ATTRIBUTES);
      writer.mapHeader(attributeCount);
      writeAttributes(writer, attributes!);
    }
    writer.raw(KEY_TIME_UNIX_NANO);
    this.bodyName = name;
    this.bodyHasAttributes = hasAttributes;
    if (hasAttributes) this.bodyAttributes.record(attributes);
    body.set(start, writer.length - start, 0, writer.epoch);
  }
}

/** `time_unix_nano`'s value: uint64 (the Agent rejects floats). */
export function writeEventTime(writer: MsgpackWriter, event: NativeSpanEventSource): void {
  writer.uint64FromNumber(epochMsToNanos(event.timeMs));
}

function writeAttributes(writer: MsgpackWriter, attributes: NonNullable<NativeSpanEventSource['attributes']>): void {
  for (const key in attributes) {
    const value: unknown = attributes[key];
    switch (typeof value) {
      case 'string':
        writer.str(key);
        writer.raw(STRING_VALUE_HEAD);
        writer.str(value);
        break;
      case 'boolean':
        writer.str(key);
        writer.raw(BOOL_VALUE_HEAD);
        writer.bool(value);
        break;
      case 'number':
        writer.str(key);
        writeNumberValue(writer, value);
        break;
      case 'object':
        if (Array.isArray(value)) writeArrayAttribute(writer, key, value);
        break;
      default:
        break;
    }
  }
}

/** Attributes that become typed values: primitives, and arrays with at least one primitive item. */
function countWritableAttributes(attributes: NonNullable<NativeSpanEventSource['attributes']>): number {
  let count = 0;
  for (const key in attributes) {
    const value: unknown = attributes[key];
    if (isPrimitiveItem(value)) count++;
    else if (Array.isArray(value) && arrayItemType(value) !== ArrayItemType.None) count++;
  }
  return count;
}

/** Safe integers as `int_value`, any other number (NaN, ±Infinity, fractions) as `double_value`. */
function writeNumberValue(writer: MsgpackWriter, value: number): void {
  if (Number.isSafeInteger(value)) {
    writer.raw(INT_VALUE_HEAD);
    writer.int(value);
  } else {
    writer.raw(DOUBLE_VALUE_HEAD);
    writer.float64(value);
  }
}

function writeArrayAttribute(writer: MsgpackWriter, key: string, items: readonly unknown[]): void {
  const itemType = arrayItemType(items);
  if (itemType === ArrayItemType.None) return;
  let count = 0;
  for (let i = 0; i < items.length; i++) if (isPrimitiveItem(items[i])) count++;
  writer.str(key);
  writer.raw(ARRAY_VALUE_HEAD);
  writer.arrayHeader(count);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isPrimitiveItem(item)) continue;
    switch (itemType) {
      case ArrayItemType.Stringified:
        writer.raw(STRING_VALUE_HEAD);
        writer.str(String(item));
        break;
      case ArrayItemType.String:
        writer.raw(STRING_VALUE_HEAD);
        writer.str(item as string);
        break;
      case ArrayItemType.Bool:
        writer.raw(BOOL_VALUE_HEAD);
        writer.bool(item as boolean);
        break;
      case ArrayItemType.Double:
        writer.raw(DOUBLE_VALUE_HEAD);
        writer.float64(item as number);
        break;
      default:
        writeNumberValue(writer, item as number);
    }
  }
}
