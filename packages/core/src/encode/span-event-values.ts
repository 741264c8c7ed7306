import type { Attributes } from '@opentelemetry/api';
import type { SpanEventAttributeValue, SpanEventRecord } from './span-record.js';

/**
 * A span event as recorded on the span (`addEvent` / `recordException`), which the v0.4 encoder
 * turns into a native span event while writing it: no typed copy is built per event.
 */
export interface NativeSpanEventSource {
  readonly name: unknown;
  /** Epoch milliseconds (sub-ms precision). */
  readonly timeMs: number;
  readonly attributes: Attributes | undefined;
}

/** Largest epoch ms whose nanoseconds fit the Agent's int64 fields (year 2262). */
const MAX_EPOCH_MS = 9_223_372_036_854;

/** Epoch ms (sub-ms precision) → integer epoch ns; nonsense times become 0 (never NaN/∞). */
export function epochMsToNanos(ms: number): number {
  return ms > 0 && ms <= MAX_EPOCH_MS ? Math.round(ms * 1e6) : 0;
}

export function eventName(name: unknown): string {
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

/** How the items of an array attribute are typed: see `arrayItemType`. */
export const ArrayItemType = {
  None: 0,
  String: 1,
  Bool: 2,
  Int: 3,
  Double: 4,
  /** Several kinds mixed: every item as its string form. */
  Stringified: 5,
} as const;
export type ArrayItemType = (typeof ArrayItemType)[keyof typeof ArrayItemType];

/**
 * Array attribute → ONE item type (the test agent rejects mixed item types): ints mixed with
 * floats → all doubles; strings/booleans/numbers mixed → all strings. Nulls and nested values
 * are dropped; `None` when nothing is left.
 */
export function arrayItemType(items: readonly unknown[]): ArrayItemType {
  let strings = 0;
  let booleans = 0;
  let integers = 0;
  let doubles = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    switch (typeof item) {
      case 'string': strings++; break;
      case 'boolean': booleans++; break;
      case 'number': if (Number.isSafeInteger(item)) integers++; else doubles++; break;
      default: break;
    }
  }
  const numbers = integers + doubles;
  const kinds = (strings > 0 ? 1 : 0) + (booleans > 0 ? 1 : 0) + (numbers > 0 ? 1 : 0);
  if (kinds === 0) return ArrayItemType.None;
  if (kinds > 1) return ArrayItemType.Stringified;
  if (strings > 0) return ArrayItemType.String;
  if (booleans > 0) return ArrayItemType.Bool;
  return doubles > 0 ? ArrayItemType.Double : ArrayItemType.Int;
}

export function isPrimitiveItem(item: unknown): item is string | number | boolean {
  const kind = typeof item;
  return kind === 'string' || kind === 'boolean' || kind === 'number';
}

/** Array attribute → `{type: 4}`, or undefined when no item survives (see `arrayItemType`). */
function typedArray(items: readonly unknown[]): SpanEventAttributeValue | undefined {
  const itemType = arrayItemType(items);
  if (itemType === ArrayItemType.None) return undefined;
  const values: SpanEventAttributeValue[] = [];
  for (const item of items) {
    if (!isPrimitiveItem(item)) continue;
    if (itemType === ArrayItemType.Stringified) values.push({ type: 0, string_value: String(item) });
    else if (itemType === ArrayItemType.String) values.push({ type: 0, string_value: item as string });
    else if (itemType === ArrayItemType.Bool) values.push({ type: 1, bool_value: item as boolean });
    else if (itemType === ArrayItemType.Double) values.push({ type: 3, double_value: item as number });
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

/**
 * Typed native span events (the Agent's `AttributeAnyValue` per attribute). The v0.4 encoder
 * writes the same thing straight from the sources (span-events-v04.ts); this form is for
 * readers of a record.
 */
export function toSpanEventRecords(events: readonly NativeSpanEventSource[]): SpanEventRecord[] {
  const records: SpanEventRecord[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as NativeSpanEventSource;
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
