import fc from 'fast-check';
import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { V04Encoder } from './encoder-v04.js';
import { V05Encoder } from './encoder-v05.js';
import type { DatadogSpanRecord, SpanEventAttributeValue, SpanEventRecord } from './span-record.js';

const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });

// Any code point plus lone surrogates, which must come out as U+FFFD.
const unit = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff') },
);
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit, maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit, minLength: 30, maxLength: 300 }) },
);
const hex16 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => n.toString(16).padStart(16, '0'));
const metricValue = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(), // includes NaN, ±Infinity, -0 and non-safe integers
);
const scalar: fc.Arbitrary<SpanEventAttributeValue> = fc.oneof(
  text.map((v) => ({ type: 0 as const, string_value: v })),
  fc.boolean().map((v) => ({ type: 1 as const, bool_value: v })),
  fc.maxSafeInteger().map((v) => ({ type: 2 as const, int_value: v })),
  fc.double({ noNaN: true }).map((v) => ({ type: 3 as const, double_value: v })),
);
const attribute = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 4 }).map((values) => ({ type: 4 as const, array_value: { values } })) },
);
const event: fc.Arbitrary<SpanEventRecord> = fc.record(
  {
    name: text,
    timeUnixNano: fc.double({ min: 0, max: 9e18, noNaN: true }),
    attributes: fc.dictionary(text, attribute, { maxKeys: 4 }),
  },
  { requiredKeys: ['name', 'timeUnixNano'] },
);
const spanRecord: fc.Arbitrary<DatadogSpanRecord> = fc.record(
  {
    traceId: hex16,
    spanId: hex16,
    parentId: hex16,
    name: text,
    resource: text,
    service: text,
    type: fc.oneof(fc.constant(''), text),
    error: fc.constantFrom(0 as const, 1 as const),
    start: fc.oneof(fc.nat(), fc.double({ min: 0, max: 9e18, noNaN: true })),
    duration: fc.nat(),
    meta: fc.dictionary(text, text, { maxKeys: 8 }),
    metrics: fc.dictionary(text, metricValue, { maxKeys: 6 }),
    spanEvents: fc.array(event, { maxLength: 2 }),
  },
  { requiredKeys: ['traceId', 'spanId', 'parentId', 'name', 'resource', 'service', 'type', 'error', 'start', 'duration', 'meta', 'metrics'] },
);
const payload = fc.array(fc.array(spanRecord, { minLength: 1, maxLength: 3 }), { maxLength: 5 });

/** Decoded integers may be numbers or BigInts depending on their msgpack format. */
const big = (v: unknown): bigint => BigInt(v as number | bigint);
const utf8 = { encoder: new TextEncoder(), decoder: new TextDecoder() };
/** What valid UTF-8 makes of a JS string: lone surrogates become U+FFFD. */
const wellFormed = (s: string): string => utf8.decoder.decode(utf8.encoder.encode(s));
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

function expectedMeta(meta: Record<string, string>): Array<[string, string]> {
  return Object.entries(meta).map(([k, v]) => [wellFormed(k), wellFormed(v)]);
}

function expectedMetrics(metrics: Record<string, number>): Array<[string, number]> {
  return Object.entries(metrics)
    .filter(([, v]) => !Number.isNaN(v))
    .map(([k, v]) => [wellFormed(k), v === 0 ? 0 : v]);
}

function expectedAttribute(value: SpanEventAttributeValue): unknown {
  switch (value.type) {
    case 0: return { type: 0, string_value: wellFormed(value.string_value) };
    case 1: return { type: 1, bool_value: value.bool_value };
    case 2: return { type: 2, int_value: value.int_value === 0 ? 0 : value.int_value };
    case 3: return { type: 3, double_value: value.double_value };
    case 4: return { type: 4, array_value: { values: value.array_value.values.map(expectedAttribute) } };
  }
}

/** Turns decoded Maps into plain data (duplicate well-formed keys collapse like in a Map). */
function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'bigint') return Number(value);
  return value === 0 ? 0 : value;
}

function checkCommon(record: DatadogSpanRecord, actual: { ids: unknown[]; start: unknown; duration: unknown; error: unknown }): void {
  expect(actual.ids.map(big)).toEqual([record.traceId, record.spanId, record.parentId].map((h) => BigInt(`0x${h}`)));
  expect(big(actual.start)).toBe(BigInt(Math.trunc(record.start)));
  expect(big(actual.duration)).toBe(BigInt(record.duration));
  expect(actual.error).toBe(record.error);
}

describe('encoders round-trip (property)', () => {
  it('v0.4 decodes to the records', () => {
    const encoder = new V04Encoder({ initialSize: 64 });
    fc.assert(
      fc.property(payload, (chunks) => {
        for (const chunk of chunks) encoder.append(chunk);
        const decoded = unpackr.unpack(encoder.takePayload().bytes) as Array<Map<string, unknown>>[];
        expect(decoded).toHaveLength(chunks.length);
        chunks.forEach((chunk, t) =>
          chunk.forEach((record, s) => {
            const span = decoded[t]![s]!;
            checkCommon(record, {
              ids: [span.get('trace_id'), span.get('span_id'), span.get('parent_id')],
              start: span.get('start'), duration: span.get('duration'), error: span.get('error'),
            });
            expect(span.get('type')).toBe(record.type === '' ? undefined : wellFormed(record.type));
            expect([span.get('name'), span.get('resource'), span.get('service')]).toEqual(
              [record.name, record.resource, record.service].map(wellFormed),
            );
            expect(plain(span.get('meta'))).toEqual(plain(new Map(expectedMeta(record.meta))));
            expect(plain(span.get('metrics'))).toEqual(plain(new Map(expectedMetrics(record.metrics))));
            const events = record.spanEvents ?? [];
            if (events.length === 0) expect(span.has('span_events')).toBe(false);
            else {
              expect(plain(span.get('span_events'))).toEqual(
                events.map((e) => {
                  const attributes = Object.entries(e.attributes ?? {});
                  const out: Record<string, unknown> = { name: wellFormed(e.name), time_unix_nano: Math.round(e.timeUnixNano) };
                  if (attributes.length > 0) {
                    out.attributes = plain(new Map(attributes.map(([k, v]) => [wellFormed(k), expectedAttribute(v)])));
                  }
                  return plain(new Map(Object.entries(out)));
                }),
              );
            }
          }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('v0.5 decodes to the records through the string table', () => {
    const encoder = new V05Encoder({ initialSize: 64 });
    fc.assert(
      fc.property(payload, (chunks) => {
        for (const chunk of chunks) encoder.append(chunk);
        const [table, traces] = unpackr.unpack(encoder.takePayload().bytes) as [string[], unknown[][][]];
        expect(table[0]).toBe('');
        const str = (i: unknown): string => table[i as number]!;
        expect(traces).toHaveLength(chunks.length);
        chunks.forEach((chunk, t) =>
          chunk.forEach((record, s) => {
            const span = traces[t]![s]!;
            expect(span).toHaveLength(12);
            checkCommon(record, { ids: span.slice(3, 6), start: span[6], duration: span[7], error: span[8] });
            expect([str(span[0]), str(span[1]), str(span[2]), str(span[11])]).toEqual(
              [record.service, record.name, record.resource, record.type].map(wellFormed),
            );
            const meta = [...(span[9] as Map<number, number>)].map(([k, v]) => [str(k), str(v)]);
            expect(plain(new Map(meta as Array<[string, string]>))).toEqual(plain(new Map(expectedMeta(record.meta))));
            const metrics = [...(span[10] as Map<number, unknown>)].map(([k, v]) => [str(k), num(v)]);
            expect(plain(new Map(metrics as Array<[string, number]>))).toEqual(plain(new Map(expectedMetrics(record.metrics))));
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
