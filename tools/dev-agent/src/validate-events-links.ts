import { parseEmbeddedJson } from './json-decode.js';
import { checkInteger, mapField, type SpanUnderCheck } from './span-check.js';
import type { DevAgentProblemKind } from './types.js';
import { formatPath, type PathSegment } from './wire-facts.js';
import { describeWireType, isMap } from './wire-values.js';

const EVENTS: DevAgentProblemKind = 'span.span-events';
const LINKS: DevAgentProblemKind = 'span.span-links';

/** Native `span_events` (spec §2.1 B): name, integer time_unix_nano, typed attributes. */
export function validateSpanEvents(span: SpanUnderCheck): void {
  const events = arrayField(span, 'span_events', EVENTS);
  events?.forEach((event, index) => {
    const path: PathSegment[] = ['span_events', index];
    if (!isMap(event)) {
      span.report(EVENTS, `${formatPath(path)} must be a map, got ${describeWireType(event)}`, formatPath(path));
      return;
    }
    requireString(span, event, [...path, 'name'], EVENTS, false);
    if (requirePresent(span, event, [...path, 'time_unix_nano'], EVENTS)) {
      checkInteger(span, [...path, 'time_unix_nano'], event.get('time_unix_nano'), 'uint64', EVENTS);
    }
    const attributes = mapField(span, event, 'attributes', formatPath([...path, 'attributes']), EVENTS);
    for (const [key, value] of attributes ?? []) {
      if (typeof key !== 'string') {
        span.report(EVENTS, `attribute keys must be strings, got ${describeWireType(key)}`, formatPath([...path, 'attributes']));
      } else {
        checkAnyValue(span, value, [...path, 'attributes', key], true);
      }
    }
  });
}

/** One `AttributeAnyValue`: `{type: 0..4, <type>_value}`; array items are scalars of one type. */
function checkAnyValue(span: SpanUnderCheck, value: unknown, path: PathSegment[], arrayAllowed: boolean): number | undefined {
  const field = formatPath(path);
  if (!isMap(value)) {
    span.report(EVENTS, `${field} must be a typed value map {type, ..._value}, got ${describeWireType(value)}`, field);
    return undefined;
  }
  const type = value.get('type');
  const maxType = arrayAllowed ? 4 : 3;
  if (!checkInteger(span, [...path, 'type'], type, 'uint32', EVENTS)) return undefined;
  const typeNumber = Number(type);
  if (typeNumber > maxType) {
    span.report(EVENTS, `${field}.type must be 0..${maxType}, got ${typeNumber}`, `${field}.type`);
    return undefined;
  }
  switch (typeNumber) {
    case 0:
      requireString(span, value, [...path, 'string_value'], EVENTS, false);
      break;
    case 1:
      if (typeof value.get('bool_value') !== 'boolean') {
        span.report(EVENTS, `${field}.bool_value must be a boolean, got ${describeWireType(value.get('bool_value'))}`, `${field}.bool_value`);
      }
      break;
    case 2:
      checkInteger(span, [...path, 'int_value'], value.get('int_value'), 'int64', EVENTS);
      break;
    case 3:
      checkDouble(span, value.get('double_value'), [...path, 'double_value']);
      break;
    default:
      checkArrayValue(span, value.get('array_value'), [...path, 'array_value']);
  }
  return typeNumber;
}

function checkDouble(span: SpanUnderCheck, value: unknown, path: PathSegment[]): void {
  // The test agent requires a msgpack float here; an integer-encoded 2.0 fails there.
  if (typeof value === 'number' && span.encodedAsFloat(path)) return;
  const field = formatPath(path);
  span.report(EVENTS, `${field} must be a float, got ${describeWireType(value, span.encodedAsFloat(path))}`, field);
}

function checkArrayValue(span: SpanUnderCheck, value: unknown, path: PathSegment[]): void {
  const field = formatPath(path);
  if (!isMap(value) || value.size !== 1 || !Array.isArray(value.get('values'))) {
    span.report(EVENTS, `${field} must be a map holding exactly one key, values (an array)`, field);
    return;
  }
  const items = value.get('values') as unknown[];
  const types = new Set<number>();
  items.forEach((item, index) => {
    const type = checkAnyValue(span, item, [...path, 'values', index], false);
    if (type !== undefined) types.add(type);
  });
  if (types.size > 1) {
    span.report(EVENTS, `${field}.values items must all have the same type, got types ${[...types].join(', ')}`, `${field}.values`);
  }
}

/** Native `span_links` (spec §3): integer ids, string attributes, tracestate, flags. */
export function validateSpanLinks(span: SpanUnderCheck): void {
  const links = arrayField(span, 'span_links', LINKS);
  links?.forEach((link, index) => {
    const path: PathSegment[] = ['span_links', index];
    if (!isMap(link)) {
      span.report(LINKS, `${formatPath(path)} must be a map, got ${describeWireType(link)}`, formatPath(path));
      return;
    }
    for (const id of ['trace_id', 'span_id']) {
      if (requirePresent(span, link, [...path, id], LINKS)) checkInteger(span, [...path, id], link.get(id), 'uint64', LINKS);
    }
    if (link.has('trace_id_high') && link.get('trace_id_high') !== null) {
      checkInteger(span, [...path, 'trace_id_high'], link.get('trace_id_high'), 'uint64', LINKS);
    }
    if (link.has('flags')) checkInteger(span, [...path, 'flags'], link.get('flags'), 'uint32', LINKS);
    if (link.has('tracestate') && link.get('tracestate') !== null) {
      requireString(span, link, [...path, 'tracestate'], LINKS, true);
    }
    const attributes = mapField(span, link, 'attributes', formatPath([...path, 'attributes']), LINKS);
    for (const [key, value] of attributes ?? []) {
      if (typeof key !== 'string' || typeof value !== 'string') {
        const field = formatPath([...path, 'attributes', String(key)]);
        span.report(LINKS, `${field}: attributes must map strings to strings, got ${describeWireType(key)} → ${describeWireType(value)}`, field);
      }
    }
  });
}

/** meta `events` must be a JSON array (test agent check); meta `_dd.span_links` a JSON array of links. */
export function validateEmbeddedJson(span: SpanUnderCheck): void {
  const meta = span.fields.get('meta');
  if (!isMap(meta)) return;
  const events = meta.get('events');
  if (typeof events === 'string') {
    const problem = jsonArrayProblem(events);
    if (problem !== undefined) span.report('span.meta-events-json', `meta.events ${problem}`, 'meta.events');
  }
  const links = meta.get('_dd.span_links');
  if (typeof links === 'string') {
    const problem = jsonArrayProblem(links) ?? spanLinksJsonProblem(links);
    if (problem !== undefined) span.report('span.meta-span-links-json', `meta._dd.span_links ${problem}`, 'meta._dd.span_links');
  }
}

function jsonArrayProblem(text: string): string | undefined {
  try {
    const value = parseEmbeddedJson(text);
    return Array.isArray(value) ? undefined : `is not a JSON array (got ${describeWireType(value)})`;
  } catch (error) {
    return `is not valid JSON: ${(error as Error).message}`;
  }
}

function spanLinksJsonProblem(text: string): string | undefined {
  const links = parseEmbeddedJson(text) as unknown[];
  for (const [index, link] of links.entries()) {
    if (!isMap(link)) return `[${index}] is not an object`;
    const traceId = link.get('trace_id');
    const spanId = link.get('span_id');
    if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId)) return `[${index}].trace_id must be 32 lower-case hex digits`;
    if (typeof spanId !== 'string' || !/^[0-9a-f]{16}$/.test(spanId)) return `[${index}].span_id must be 16 lower-case hex digits`;
  }
  return undefined;
}

function arrayField(span: SpanUnderCheck, key: string, kind: DevAgentProblemKind): unknown[] | undefined {
  if (!span.fields.has(key)) return undefined;
  const value = span.fields.get(key);
  if (Array.isArray(value)) return value;
  span.report(kind, `${key} must be an array, got ${describeWireType(value)}`, key);
  return undefined;
}

function requirePresent(span: SpanUnderCheck, container: ReadonlyMap<unknown, unknown>, path: PathSegment[], kind: DevAgentProblemKind): boolean {
  const key = path[path.length - 1];
  if (container.has(key)) return true;
  span.report(kind, `${formatPath(path)} is required`, formatPath(path));
  return false;
}

function requireString(
  span: SpanUnderCheck,
  container: ReadonlyMap<unknown, unknown>,
  path: PathSegment[],
  kind: DevAgentProblemKind,
  optional: boolean,
): void {
  const key = path[path.length - 1];
  if (!container.has(key)) {
    if (!optional) span.report(kind, `${formatPath(path)} is required`, formatPath(path));
    return;
  }
  const value = container.get(key);
  if (typeof value !== 'string') {
    span.report(kind, `${formatPath(path)} must be a string, got ${describeWireType(value)}`, formatPath(path));
  }
}
