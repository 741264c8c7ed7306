import { decodeMsgpack } from './msgpack-decode.js';
import { checkInteger, mapField, type SpanUnderCheck } from './span-check.js';
import { validateEmbeddedJson, validateSpanEvents, validateSpanLinks } from './validate-events-links.js';
import { describeWireType, isMap, type IntegerRange } from './wire-values.js';

const REQUIRED_FIELDS = ['trace_id', 'span_id', 'name'] as const;
const INTEGER_FIELDS: ReadonlyArray<readonly [string, IntegerRange, boolean]> = [
  // [field, range, nil allowed]
  ['trace_id', 'id', false],
  ['span_id', 'id', false],
  ['parent_id', 'id', true],
  ['error', 'int32', false],
  ['start', 'int64', false],
  ['duration', 'int64', false],
];
const STRING_FIELDS: ReadonlyArray<readonly [string, boolean]> = [
  ['name', false],
  ['resource', true],
  ['service', true],
  ['type', true],
];

/**
 * Checks one span the way the Datadog Agent's decoder and the test agent's `verify_span` do,
 * reporting every problem found (it does not stop at the first).
 */
export function validateSpan(span: SpanUnderCheck): void {
  const { fields } = span;
  for (const key of fields.keys()) {
    if (typeof key !== 'string') {
      span.report('span.field-type', `span keys must be strings, got ${describeWireType(key)} key`, String(key));
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (!fields.has(field)) span.report('span.missing-field', `${field} is required`, field);
  }
  for (const [field, range, nilAllowed] of INTEGER_FIELDS) {
    if (!fields.has(field)) continue;
    const value = fields.get(field);
    if (value === null && nilAllowed) continue;
    checkInteger(span, [field], value, range);
  }
  for (const [field, nilAllowed] of STRING_FIELDS) {
    if (!fields.has(field)) continue;
    const value = fields.get(field);
    if (typeof value === 'string' || (value === null && nilAllowed)) continue;
    span.report('span.field-type', `${field} must be a string${nilAllowed ? ' or nil' : ''}, got ${describeWireType(value)}`, field);
  }
  checkMeta(span);
  checkMetrics(span);
  checkMetaStruct(span);
  validateSpanEvents(span);
  validateSpanLinks(span);
  validateEmbeddedJson(span);
}

function checkMeta(span: SpanUnderCheck): void {
  const meta = mapField(span, span.fields, 'meta', 'meta', 'span.meta-type');
  if (meta === undefined) return;
  for (const [key, value] of meta) {
    if (typeof key !== 'string') {
      span.report('span.meta-type', `meta keys must be strings, got ${describeWireType(key)} key ${String(key)}`, 'meta');
    } else if (typeof value !== 'string') {
      span.report('span.meta-type', `meta.${key} must be a string, got ${describeWireType(value)}`, `meta.${key}`);
    }
  }
}

function checkMetrics(span: SpanUnderCheck): void {
  const metrics = mapField(span, span.fields, 'metrics', 'metrics', 'span.metrics-type');
  if (metrics === undefined) return;
  for (const [key, value] of metrics) {
    if (typeof key !== 'string') {
      span.report('span.metrics-type', `metrics keys must be strings, got ${describeWireType(key)} key ${String(key)}`, 'metrics');
    } else if (typeof value !== 'number' && typeof value !== 'bigint') {
      span.report('span.metrics-type', `metrics.${key} must be a number, got ${describeWireType(value)}`, `metrics.${key}`);
    }
  }
}

function checkMetaStruct(span: SpanUnderCheck): void {
  const metaStruct = mapField(span, span.fields, 'meta_struct', 'meta_struct', 'span.meta-struct');
  if (metaStruct === undefined) return;
  for (const [key, value] of metaStruct) {
    const field = `meta_struct.${String(key)}`;
    if (typeof key !== 'string') {
      span.report('span.meta-struct', `meta_struct keys must be strings, got ${describeWireType(key)}`, field);
    } else if (!(value instanceof Uint8Array)) {
      span.report('span.meta-struct', `${field} must be binary (msgpack bytes), got ${describeWireType(value)}`, field);
    } else if (!isMsgpackStringKeyedMap(value)) {
      span.report('span.meta-struct', `${field} must hold a msgpack map with string keys`, field);
    }
  }
}

function isMsgpackStringKeyedMap(bytes: Uint8Array): boolean {
  try {
    const { value } = decodeMsgpack(bytes);
    return isMap(value) && [...value.keys()].every((key) => typeof key === 'string');
  } catch {
    return false;
  }
}
