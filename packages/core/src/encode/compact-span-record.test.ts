import type { Attributes } from '@opentelemetry/api';
import fc from 'fast-check';
import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { CompactSpanRecord } from './compact-span-record.js';
import { ConstantTags, NO_CONSTANT_TAGS } from './constant-tags.js';
import { V04Encoder } from './encoder-v04.js';
import { V05Encoder } from './encoder-v05.js';
import type { NativeSpanEventSource } from './span-event-values.js';
import type { DatadogSpanRecord, TraceEncoder } from './span-record.js';

const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });

/** The same record as a plain object, built from the compact record's views. */
function plainCopy(record: CompactSpanRecord): DatadogSpanRecord {
  const plain: DatadogSpanRecord = {
    traceId: record.traceId,
    spanId: record.spanId,
    parentId: record.parentId,
    name: record.name,
    resource: record.resource,
    service: record.service,
    type: record.type,
    error: record.error,
    start: record.start,
    duration: record.duration,
    meta: record.meta,
    metrics: record.metrics,
  };
  const events = record.spanEvents;
  if (events !== undefined) plain.spanEvents = events;
  return plain;
}

/** Decoded payload data with maps as sorted entries, so key order does not matter. */
function canonical(value: unknown): unknown {
  if (value instanceof Map) {
    return [...value].map(([k, v]) => [canonical(k), canonical(v)]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  }
  if (Array.isArray(value)) return value.map(canonical);
  return typeof value === 'bigint' ? `${value}n` : value;
}

/** v0.5 spans with their table indices resolved, so two payloads with different tables compare. */
function resolvedV05(payload: Uint8Array): unknown {
  const [table, traces] = unpackr.unpack(payload) as [string[], unknown[][][]];
  const str = (i: unknown): string => table[i as number]!;
  return traces.map((trace) =>
    trace.map((span) => {
      const [service, name, resource, ...rest] = span;
      const meta = new Map([...(span[9] as Map<number, number>)].map(([k, v]) => [str(k), str(v)]));
      const metrics = new Map([...(span[10] as Map<number, unknown>)].map(([k, v]) => [str(k), v]));
      return [str(service), str(name), str(resource), ...rest.slice(0, 6), meta, metrics, str(span[11])];
    }),
  );
}

function decodeAll(version: '0.4' | '0.5', payload: Uint8Array): unknown {
  return canonical(version === '0.4' ? unpackr.unpack(payload) : resolvedV05(payload));
}

const shortText = fc.oneof(fc.constantFrom('', 'a', 'operation_name', 'two', 'é', '\ud800'), fc.string({ maxLength: 12 }));
const text = fc.oneof({ weight: 4, arbitrary: shortText }, { weight: 1, arbitrary: fc.string({ minLength: 30, maxLength: 200 }) });
const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const metricNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1, NaN, Infinity, 2 ** 60));
const attributeValue = fc.oneof(
  text,
  metricNumber,
  fc.boolean(),
  fc.constantFrom(undefined, null),
  fc.array(fc.oneof(text, metricNumber, fc.boolean(), fc.constant(null)), { maxLength: 4 }),
);
// Nulls and mixed arrays are not valid OTel attributes, but hand-built data may hold them.
const attributes = fc
  .dictionary(fc.oneof(fc.constantFrom('k', 'int_val', 'string_val'), shortText), attributeValue, { maxKeys: 4 })
  .map((dictionary) => dictionary as Attributes);
const constantSets = [
  NO_CONSTANT_TAGS,
  new ConstantTags([['language', 'javascript'], ['runtime-id', '2d1e1c7a-6b3e-4b5f-9a55-2b4c7f1e0a11']], [['process_id', 42]]),
  new ConstantTags([['env', 'prod'], ['span.kind', 'client']], [['process_id', 42], ['_dd.measured', 1]]),
];
const event: fc.Arbitrary<NativeSpanEventSource> = fc.record({
  name: fc.oneof(fc.constant('Event With Some Attributes'), text),
  timeMs: fc.oneof(fc.constant(1_767_225_600_000.5), fc.double({ min: -1, max: 1e13 })),
  attributes: fc.option(attributes, { nil: undefined }),
});

/** Records whose parts never share a key, as the mapper guarantees. */
const compactRecord = fc
  .record({
    ids: fc.array(word, { minLength: 6, maxLength: 6 }),
    name: fc.oneof(fc.constant('operation_name'), text),
    resource: fc.oneof(fc.constant('operation_name'), text),
    service: fc.oneof(fc.constant('svc'), text),
    type: fc.oneof(fc.constant(''), text),
    error: fc.constantFrom(0 as const, 1 as const),
    start: fc.oneof(fc.constant(1_767_225_600_000_250_000), fc.nat()),
    duration: fc.nat(),
    constants: fc.constantFrom(...constantSets),
    passThrough: fc.option(attributes, { nil: undefined, freq: 1 }),
    extraMeta: fc.option(fc.dictionary(fc.string({ maxLength: 6 }).map((k) => `x.${k}`), text, { maxKeys: 3 }), { nil: undefined, freq: 1 }),
    extraMetrics: fc.option(fc.dictionary(fc.string({ maxLength: 6 }).map((k) => `y.${k}`), metricNumber, { maxKeys: 3 }), { nil: undefined, freq: 1 }),
    priority: fc.option(fc.oneof(fc.constantFrom(-1, 0, 1, 2), fc.double({ noNaN: true })), { nil: undefined }),
    events: fc.option(fc.array(event, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
    eventsJson: fc.option(text, { nil: undefined, freq: 1 }),
    linksJson: fc.option(text, { nil: undefined, freq: 1 }),
  })
  .map((r) => {
    const record = new CompactSpanRecord();
    [record.traceIdHigh, record.traceIdLow, record.spanIdHigh, record.spanIdLow, record.parentIdHigh, record.parentIdLow] = r.ids as [number, number, number, number, number, number];
    record.name = r.name;
    record.resource = r.resource;
    record.service = r.service;
    record.type = r.type;
    record.error = r.error;
    record.start = r.start;
    record.duration = r.duration;
    record.constants = r.constants;
    // Pass-through keys must not collide with the other parts: keep them out of their key spaces.
    if (r.passThrough !== undefined) {
      const taken = new Set([...r.constants.metaKeys, ...r.constants.metricKeys, 'events', '_dd.span_links', '_sampling_priority_v1']);
      record.passThroughAttributes = Object.fromEntries(Object.entries(r.passThrough).filter(([key]) => !taken.has(key) && !key.startsWith('x.') && !key.startsWith('y.')));
    }
    record.extraMeta = r.extraMeta;
    record.extraMetrics = r.extraMetrics;
    record.samplingPriority = r.priority;
    record.nativeEvents = r.events;
    record.eventsJson = r.eventsJson;
    record.linksJson = r.linksJson;
    return record;
  });

function checkEquivalence(version: '0.4' | '0.5', newEncoder: () => TraceEncoder): void {
  const compactEncoder = newEncoder();
  const plainEncoder = newEncoder();
  fc.assert(
    fc.property(fc.array(fc.array(compactRecord, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (chunks, repeat) => {
      // Repeating chunks exercises the copies of runs written for earlier spans.
      const all = repeat ? [...chunks, ...chunks] : chunks;
      for (const chunk of all) {
        compactEncoder.append(chunk);
        plainEncoder.append(chunk.map(plainCopy));
      }
      const compact = decodeAll(version, compactEncoder.takePayload().bytes);
      const plain = decodeAll(version, plainEncoder.takePayload().bytes);
      expect(compact).toEqual(plain);
    }),
    { numRuns: 300 },
  );
}

describe('CompactSpanRecord encodes like the plain record of its views', () => {
  it('v0.4 (native span events typed while written)', () => checkEquivalence('0.4', () => new V04Encoder({ initialSize: 64 })));
  it('v0.5 (constant blocks as per-payload table indices)', () => checkEquivalence('0.5', () => new V05Encoder({ initialSize: 64 })));

  it('copies a repeated span prefix only while everything in it is the same', () => {
    const span = (attributes: Attributes, eventAttributes: Attributes | undefined, priority = 1): CompactSpanRecord => {
      const record = new CompactSpanRecord();
      record.name = 'operation_name';
      record.resource = 'operation_name';
      record.service = 'svc';
      record.constants = constantSets[1]!;
      record.samplingPriority = priority;
      record.passThroughAttributes = attributes;
      record.nativeEvents = [{ name: 'Event With Some Attributes', timeMs: 1_767_225_600_000.5, attributes: eventAttributes }];
      return record;
    };
    const shared = { attribute_key1: 1 };
    const chunk = [
      span(shared, { int_val: 1, string_val: 'two' }),
      span(shared, { int_val: 1, string_val: 'two' }),
      span({ attribute_key1: 2 }, { int_val: 1, string_val: 'two' }),
      span({ attribute_key1: 2 }, { int_val: 1, string_val: 'three' }),
      span({ attribute_key1: 2 }, undefined),
      span({ attribute_key1: 2 }, undefined, 2),
    ];
    for (const version of ['0.4', '0.5'] as const) {
      shared.attribute_key1 = 1;
      const compactEncoder = version === '0.4' ? new V04Encoder() : new V05Encoder();
      const plainEncoder = version === '0.4' ? new V04Encoder() : new V05Encoder();
      compactEncoder.append(chunk);
      plainEncoder.append(chunk.map(plainCopy));
      // An object changed after being written must not bring back its old bytes.
      shared.attribute_key1 = 5;
      const changed = [span(shared, { int_val: 1, string_val: 'two' }), span({ attribute_key1: 5 }, { int_val: 1, string_val: 'two' })];
      compactEncoder.append(changed);
      plainEncoder.append(changed.map(plainCopy));
      expect(decodeAll(version, compactEncoder.takePayload().bytes)).toEqual(decodeAll(version, plainEncoder.takePayload().bytes));
    }
  });

  it('fills in each span\'s own ids, times and duration when its prefix and tail are copied', () => {
    // Usual epoch starts take the tail template, tiny ones the piecewise tail: mixed in one run,
    // after a first (recorded) span of either kind.
    const usual = 1_767_225_600_000_250_000;
    const runs = [
      [usual, usual + 10, 7, usual + 20, usual + 30],
      [1_000, usual, usual + 10, 7, usual + 20],
    ];
    const spans = (starts: number[], withEvent: boolean): CompactSpanRecord[] =>
      starts.map((start, i) => {
        const record = new CompactSpanRecord();
        [record.traceIdHigh, record.traceIdLow, record.spanIdHigh, record.spanIdLow, record.parentIdHigh, record.parentIdLow] = [1, 2, i, -i, 3, 4 + i];
        record.name = 'operation_name';
        record.resource = 'operation_name';
        record.service = 'svc';
        record.constants = constantSets[1]!;
        record.samplingPriority = 1;
        record.start = start;
        record.duration = 1_000 * i;
        record.passThroughAttributes = { attribute_key1: 1 };
        if (withEvent) record.nativeEvents = [{ name: 'Event With Some Attributes', timeMs: 1_767_225_600_000.5 + i, attributes: { int_val: 1 } }];
        return record;
      });
    const compactEncoder = new V04Encoder({ initialSize: 64 });
    const plainEncoder = new V04Encoder({ initialSize: 64 });
    for (const withEvent of [true, false]) {
      for (const starts of runs) {
        for (const chunk of [spans(starts, withEvent), spans(starts, withEvent).slice(1)]) {
          compactEncoder.append(chunk);
          plainEncoder.append(chunk.map(plainCopy));
        }
        // A new payload: the next run's first span is recorded afresh.
        expect(decodeAll('0.4', compactEncoder.takePayload().bytes)).toEqual(decodeAll('0.4', plainEncoder.takePayload().bytes));
      }
    }
  });

  it('stays valid after a rolled-back chunk invalidates the copied runs', () => {
    const encoder = new V04Encoder({ initialSize: 64 });
    const good = new CompactSpanRecord();
    good.name = 'op';
    good.resource = 'op';
    good.service = 'svc';
    const bad = new CompactSpanRecord();
    bad.resource = null as unknown as string;
    encoder.append([good]);
    expect(() => encoder.append([good, bad])).toThrow(TypeError);
    encoder.append([good, good]);
    const traces = unpackr.unpack(encoder.takePayload().bytes) as Array<Array<Map<string, unknown>>>;
    expect(traces.map((trace) => trace.map((span) => span.get('resource')))).toEqual([['op'], ['op', 'op']]);
  });
});

describe('CompactSpanRecord views', () => {
  it('merges the parts into meta and metrics like the old record objects', () => {
    const record = new CompactSpanRecord();
    record.constants = constantSets[1]!;
    record.passThroughAttributes = { s: 'v', n: -0, b: true, nan: NaN, skip: undefined };
    record.extraMeta = { 'error.message': 'boom' };
    record.extraMetrics = { '_dd.top_level': 1 };
    record.samplingPriority = 2;
    record.eventsJson = '[]';
    expect(record.meta).toEqual({
      language: 'javascript',
      'runtime-id': '2d1e1c7a-6b3e-4b5f-9a55-2b4c7f1e0a11',
      s: 'v',
      'error.message': 'boom',
      events: '[]',
    });
    expect(record.metrics).toEqual({ process_id: 42, _sampling_priority_v1: 2, n: 0, b: 1, '_dd.top_level': 1 });
    expect(Object.is(record.metrics.n, 0)).toBe(true);
  });

  it('shows ids as 16 lower-hex chars and typed span events', () => {
    const record = new CompactSpanRecord();
    record.traceIdHigh = -1;
    record.traceIdLow = 1;
    record.nativeEvents = [{ name: 'e', timeMs: 1_767_225_600_000.5, attributes: { i: 1, a: [1, 'x'] as unknown as string[] } }];
    expect(record.traceId).toBe('ffffffff00000001');
    expect(record.spanId).toBe('0000000000000000');
    expect(record.spanEvents).toEqual([
      {
        name: 'e',
        timeUnixNano: 1_767_225_600_000_500_000,
        attributes: {
          i: { type: 2, int_value: 1 },
          a: { type: 4, array_value: { values: [{ type: 0, string_value: '1' }, { type: 0, string_value: 'x' }] } },
        },
      },
    ]);
  });
});
