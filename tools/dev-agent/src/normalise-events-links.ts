import { parseEmbeddedJson } from './json-decode.js';
import type { DevAgentAttributeValue, DevAgentSpanEvent, DevAgentSpanLink } from './types.js';
import { asBigInt, isMap, toHex16, toUint64 } from './wire-values.js';

type Fields = ReadonlyMap<unknown, unknown>;

/** Span events from the native field, else from meta `events` JSON; undefined when neither is usable. */
export function normaliseSpanEvents(fields: Fields, meta: Record<string, string>): DevAgentSpanEvent[] | undefined {
  const native = fields.get('span_events');
  if (Array.isArray(native)) return native.filter(isMap).map((event) => readEvent(event, readTypedAttributes));
  const json = meta.events;
  if (json === undefined) return undefined;
  const parsed = tryParse(json);
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter(isMap).map((event) => readEvent(event, readPlainAttributes));
}

/** Span links from the native field, else from meta `_dd.span_links` JSON. */
export function normaliseSpanLinks(fields: Fields, meta: Record<string, string>): DevAgentSpanLink[] | undefined {
  const native = fields.get('span_links');
  if (Array.isArray(native)) return native.filter(isMap).map(readNativeLink);
  const json = meta['_dd.span_links'];
  if (json === undefined) return undefined;
  const parsed = tryParse(json);
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter(isMap).map(readJsonLink);
}

function readEvent(event: Fields, readAttributes: (value: unknown) => Record<string, DevAgentAttributeValue>): DevAgentSpanEvent {
  const name = event.get('name');
  const time = asBigInt(event.get('time_unix_nano'));
  const timeNumber = event.get('time_unix_nano');
  return {
    name: typeof name === 'string' ? name : String(name),
    // A float time (the dd-trace-js native encoding) is still shown, rounded to whole ns.
    timeUnixNano: time !== undefined ? time.toString() : typeof timeNumber === 'number' ? BigInt(Math.round(timeNumber)).toString() : '0',
    attributes: readAttributes(event.get('attributes')),
  };
}

function readTypedAttributes(value: unknown): Record<string, DevAgentAttributeValue> {
  if (!isMap(value)) return {};
  const entries: Array<[string, DevAgentAttributeValue]> = [];
  for (const [key, typed] of value) {
    const plain = readTypedValue(typed);
    if (typeof key === 'string' && plain !== undefined) entries.push([key, plain]);
  }
  return Object.fromEntries(entries);
}

function readTypedValue(typed: unknown): DevAgentAttributeValue | undefined {
  if (!isMap(typed)) return undefined;
  switch (Number(typed.get('type'))) {
    case 0: return asScalar(typed.get('string_value'));
    case 1: return asScalar(typed.get('bool_value'));
    case 2: return asScalar(typed.get('int_value'));
    case 3: return asScalar(typed.get('double_value'));
    case 4: {
      const array = typed.get('array_value');
      const values = isMap(array) ? array.get('values') : undefined;
      if (!Array.isArray(values)) return undefined;
      return values.map(readTypedValue).filter((item): item is string | number | boolean => item !== undefined && !Array.isArray(item));
    }
    default: return undefined;
  }
}

function readPlainAttributes(value: unknown): Record<string, DevAgentAttributeValue> {
  if (!isMap(value)) return {};
  const entries: Array<[string, DevAgentAttributeValue]> = [];
  for (const [key, raw] of value) {
    if (typeof key !== 'string') continue;
    if (Array.isArray(raw)) {
      entries.push([key, raw.map(asScalar).filter((item): item is string | number | boolean => item !== undefined)]);
    } else {
      const scalar = asScalar(raw);
      if (scalar !== undefined) entries.push([key, scalar]);
    }
  }
  return Object.fromEntries(entries);
}

function asScalar(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  return undefined;
}

function readNativeLink(link: Fields): DevAgentSpanLink {
  const high = toUint64(link.get('trace_id_high'));
  const out: DevAgentSpanLink = {
    traceId: toHex16(high) + toHex16(toUint64(link.get('trace_id'))),
    spanId: toHex16(toUint64(link.get('span_id'))),
    attributes: stringRecord(link.get('attributes')),
  };
  addLinkExtras(out, link);
  return out;
}

function readJsonLink(link: Fields): DevAgentSpanLink {
  const traceId = link.get('trace_id');
  const spanId = link.get('span_id');
  const out: DevAgentSpanLink = {
    traceId: typeof traceId === 'string' ? traceId.toLowerCase() : '',
    spanId: typeof spanId === 'string' ? spanId.toLowerCase() : '',
    attributes: stringRecord(link.get('attributes')),
  };
  addLinkExtras(out, link);
  return out;
}

function addLinkExtras(out: DevAgentSpanLink, link: Fields): void {
  const tracestate = link.get('tracestate');
  if (typeof tracestate === 'string') out.tracestate = tracestate;
  const flags = asBigInt(link.get('flags'));
  if (flags !== undefined) out.flags = Number(flags);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  const entries: Array<[string, string]> = [];
  for (const [key, item] of value) {
    if (typeof key === 'string' && item !== null && item !== undefined) entries.push([key, String(item)]);
  }
  return Object.fromEntries(entries);
}

function tryParse(text: string): unknown {
  try {
    return parseEmbeddedJson(text);
  } catch {
    return undefined;
  }
}
