import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Attributes } from '@opentelemetry/api';
import type { SpanEventData } from '../span/span-data.js';
import { mapChunk } from './map-chunk.js';
import { spanEventsToJson, toNativeSpanEvents } from './events.js';
import { TEST_START_MS, testContext, testSpan } from './test-span.js';

const EVENT_MS = TEST_START_MS + 0.5;
const EVENT_NS = 1_767_225_600_000_500_000;

/** The guide's event: int, string, int-array, string-array and bool-array attributes + a time. */
const GUIDE_EVENT: SpanEventData = {
  name: 'Event With Some Attributes',
  timeMs: EVENT_MS,
  attributes: {
    int_val: 1,
    string_val: 'two',
    int_array: [3, 4],
    string_array: ['5', '6'],
    bool_array: [true, false],
  },
};

describe('native span events (v0.4 + Agent support)', () => {
  const nativeContext = testContext({ nativeSpanEvents: true, protocolVersion: '0.4' });

  it('types the guide event attributes and writes an integer time', () => {
    const [record] = mapChunk([testSpan({ events: [GUIDE_EVENT] })], nativeContext);
    expect(record!.meta).not.toHaveProperty('events');
    expect(record!.spanEvents).toEqual([
      {
        name: 'Event With Some Attributes',
        timeUnixNano: EVENT_NS,
        attributes: {
          int_val: { type: 2, int_value: 1 },
          string_val: { type: 0, string_value: 'two' },
          int_array: { type: 4, array_value: { values: [{ type: 2, int_value: 3 }, { type: 2, int_value: 4 }] } },
          string_array: {
            type: 4,
            array_value: { values: [{ type: 0, string_value: '5' }, { type: 0, string_value: '6' }] },
          },
          bool_array: {
            type: 4,
            array_value: { values: [{ type: 1, bool_value: true }, { type: 1, bool_value: false }] },
          },
        },
      },
    ]);
    expect(Number.isInteger(record!.spanEvents![0]!.timeUnixNano)).toBe(true);
  });

  it('writes doubles as type 3 and never mixes item types inside an array', () => {
    const [event] = toNativeSpanEvents([
      {
        name: 'mixed',
        timeMs: EVENT_MS,
        attributes: {
          ratio: 9.5,
          ints_and_floats: [1, 9.5],
          kinds: ['a', 1, true] as unknown as string[],
          empty: [],
          only_nulls: [null, null] as unknown as string[],
          huge: 2 ** 60,
        },
      },
    ]);
    const attributes = event!.attributes!;
    expect(attributes.ratio).toEqual({ type: 3, double_value: 9.5 });
    expect(attributes.ints_and_floats).toEqual({
      type: 4,
      array_value: { values: [{ type: 3, double_value: 1 }, { type: 3, double_value: 9.5 }] },
    });
    expect(attributes.kinds).toEqual({
      type: 4,
      array_value: {
        values: [
          { type: 0, string_value: 'a' },
          { type: 0, string_value: '1' },
          { type: 0, string_value: 'true' },
        ],
      },
    });
    expect(attributes).not.toHaveProperty('empty');
    expect(attributes).not.toHaveProperty('only_nulls');
    expect(attributes.huge).toEqual({ type: 3, double_value: 2 ** 60 });
  });

  it('omits attributes when none survive and coerces non-string names', () => {
    const [event] = toNativeSpanEvents([
      { name: 42 as unknown as string, timeMs: EVENT_MS, attributes: { o: { a: 1 } as unknown as string } },
    ]);
    expect(event).toEqual({ name: '42', timeUnixNano: EVENT_NS });
  });

  it('falls back to meta JSON on v0.5 even when the Agent supports native events', () => {
    const [record] = mapChunk(
      [testSpan({ events: [GUIDE_EVENT] })],
      testContext({ nativeSpanEvents: true, protocolVersion: '0.5' }),
    );
    expect(record!.spanEvents).toBeUndefined();
    expect(record!.meta.events).toBeDefined();
  });
});

describe('meta `events` JSON fallback', () => {
  it('serialises the guide event with integer time_unix_nano and raw attribute values', () => {
    const [record] = mapChunk([testSpan({ events: [GUIDE_EVENT] })], testContext());
    expect(record!.spanEvents).toBeUndefined();
    expect(record!.meta.events).toBe(
      // The exact value of the ns double (what the encoder sends as uint64), not its shortest form.
      '[{"name":"Event With Some Attributes","time_unix_nano":1767225600000499968,' +
        '"attributes":{"int_val":1,"string_val":"two","int_array":[3,4],"string_array":["5","6"],' +
        '"bool_array":[true,false]}}]',
    );
  });

  it('omits empty attributes and keeps event order', () => {
    const json = spanEventsToJson([
      { name: 'first', timeMs: EVENT_MS, attributes: undefined },
      { name: 'second', timeMs: EVENT_MS + 1, attributes: {} },
    ]);
    expect(JSON.parse(json!)).toEqual([
      { name: 'first', time_unix_nano: EVENT_NS },
      { name: 'second', time_unix_nano: EVENT_NS + 1_000_000 },
    ]);
  });

  it('coerces non-string names with String()', () => {
    const json = spanEventsToJson([{ name: null as unknown as string, timeMs: EVENT_MS, attributes: undefined }]);
    expect(JSON.parse(json!)[0].name).toBe('null');
  });

  it('writes 0 for an impossible event time instead of a non-integer', () => {
    const json = spanEventsToJson([{ name: 'e', timeMs: Number.NaN, attributes: undefined }]);
    expect(JSON.parse(json!)[0].time_unix_nano).toBe(0);
  });

  it('leaves out trailing events rather than exceeding the meta value limit', () => {
    const big = 'x'.repeat(10_000);
    const events: SpanEventData[] = [1, 2, 3].map((n) => ({ name: `e${n}`, timeMs: EVENT_MS, attributes: { big } }));
    const json = spanEventsToJson(events)!;
    const parsed = JSON.parse(json) as Array<{ name: string }>;
    expect(parsed.map((event) => event.name)).toEqual(['e1', 'e2']);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(25_000);
  });

  it('counts UTF-8 bytes, not UTF-16 units, against the limit', () => {
    const wide = '€'.repeat(5_000); // 3 bytes each: 15 000 bytes per event
    const events: SpanEventData[] = [1, 2].map((n) => ({ name: `e${n}`, timeMs: EVENT_MS, attributes: { wide } }));
    const parsed = JSON.parse(spanEventsToJson(events)!) as unknown[];
    expect(parsed).toHaveLength(1);
  });
});

describe('meta `events` JSON equals what JSON.stringify would produce', () => {
  function reference(events: readonly SpanEventData[]): unknown {
    return JSON.parse(
      JSON.stringify(
        events.map((event) => {
          const attributes = Object.create(null) as Record<string, unknown>;
          for (const [key, value] of Object.entries(event.attributes ?? {})) {
            if (['string', 'number', 'boolean'].includes(typeof value)) attributes[key] = value;
            if (Array.isArray(value)) {
              const items = (value as unknown[]).filter((item) => ['string', 'number', 'boolean'].includes(typeof item));
              if (items.length > 0) attributes[key] = items;
            }
          }
          const ns = event.timeMs > 0 && event.timeMs <= 9_223_372_036_854 ? Math.round(event.timeMs * 1e6) : 0;
          return Object.keys(attributes).length > 0
            ? { name: String(event.name), time_unix_nano: ns, attributes }
            : { name: String(event.name), time_unix_nano: ns };
        }),
      ),
    );
  }

  it('for arbitrary names, times and attributes', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null))),
      fc.object(),
    );
    const event = fc.record({
      name: fc.string({ unit: 'binary' }),
      timeMs: fc.oneof(fc.double(), fc.double({ min: TEST_START_MS, max: TEST_START_MS + 1e6, noNaN: true })),
      attributes: fc.option(fc.dictionary(fc.string({ unit: 'binary' }), value) as fc.Arbitrary<Attributes>, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 4 }), (events) => {
        expect(JSON.parse(spanEventsToJson(events)!)).toEqual(reference(events));
      }),
      { numRuns: 500 },
    );
  });
});
