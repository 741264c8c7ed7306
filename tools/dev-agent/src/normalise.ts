import { normaliseSpanEvents, normaliseSpanLinks } from './normalise-events-links.js';
import type { DevAgentProtocol, DevAgentSpan } from './types.js';
import { asBigInt, isMap, toFiniteNumber, toHex16, toUint64 } from './wire-values.js';

type Fields = ReadonlyMap<unknown, unknown>;

const ZERO_HEX16 = '0000000000000000';
const HEX16 = /^[0-9a-f]{16}$/i;

export interface NormaliseContext {
  /** Upper 64 bits of the chunk's trace id (16 hex), from the first span's `_dd.p.tid`. */
  traceIdHigh: string;
  protocol: DevAgentProtocol;
  requestId: number;
}

/** The upper trace id half the Agent would use for a chunk: `_dd.p.tid` of its first span. */
export function chunkTraceIdHigh(firstSpan: Fields | undefined): string {
  const meta = firstSpan?.get('meta');
  const tid = isMap(meta) ? meta.get('_dd.p.tid') : undefined;
  return typeof tid === 'string' && HEX16.test(tid) ? tid.toLowerCase() : ZERO_HEX16;
}

/**
 * Builds the stored span from a decoded span map. Lenient on purpose: a span with problems (already
 * reported by validation) is still shown, with wrong-typed fields read as empty / zero.
 */
export function normaliseSpan(fields: Fields, context: NormaliseContext): DevAgentSpan {
  const traceId = toUint64(fields.get('trace_id'));
  const spanId = toUint64(fields.get('span_id'));
  const meta = stringMap(fields.get('meta'));
  const span: DevAgentSpan = {
    traceId: toHex16(traceId),
    traceIdDec: traceId.toString(),
    traceId128: context.traceIdHigh + toHex16(traceId),
    spanId: toHex16(spanId),
    spanIdDec: spanId.toString(),
    parentId: toHex16(toUint64(fields.get('parent_id'))),
    name: stringOr(fields.get('name')),
    resource: stringOr(fields.get('resource')),
    service: stringOr(fields.get('service')),
    type: stringOr(fields.get('type')),
    error: toFiniteNumber(asBigInt(fields.get('error')) ?? 0),
    start: (asBigInt(fields.get('start')) ?? 0n).toString(),
    duration: toFiniteNumber(asBigInt(fields.get('duration')) ?? 0),
    meta,
    metrics: numberMap(fields.get('metrics')),
    protocol: context.protocol,
    requestId: context.requestId,
  };
  const spanEvents = normaliseSpanEvents(fields, meta);
  if (spanEvents !== undefined) span.spanEvents = spanEvents;
  const spanLinks = normaliseSpanLinks(fields, meta);
  if (spanLinks !== undefined) span.spanLinks = spanLinks;
  return span;
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

// Object.fromEntries defines own properties, so a `__proto__` tag stays an ordinary key.
function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  const entries: Array<[string, string]> = [];
  for (const [key, item] of value) {
    if (typeof key === 'string' && typeof item === 'string') entries.push([key, item]);
  }
  return Object.fromEntries(entries);
}

function numberMap(value: unknown): Record<string, number> {
  if (!isMap(value)) return {};
  const entries: Array<[string, number]> = [];
  for (const [key, item] of value) {
    if (typeof key === 'string' && (typeof item === 'number' || typeof item === 'bigint')) entries.push([key, Number(item)]);
  }
  return Object.fromEntries(entries);
}
