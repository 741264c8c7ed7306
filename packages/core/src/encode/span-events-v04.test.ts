import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { V04Encoder } from './encoder-v04.js';
import type { DatadogSpanRecord, SpanEventAttributeValue, SpanEventRecord } from './span-record.js';

const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });

function encodeEvents(spanEvents: SpanEventRecord[] | undefined): Map<string, unknown> {
  const span: DatadogSpanRecord = {
    traceId: '0000000000000001',
    spanId: '0000000000000002',
    parentId: '0000000000000000',
    name: 'operation_name',
    resource: 'operation_name',
    service: 'svc',
    type: '',
    error: 0,
    start: 1732975200000000000,
    duration: 10,
    meta: {},
    metrics: {},
    spanEvents,
  };
  const encoder = new V04Encoder();
  encoder.append([span]);
  const traces = unpackr.unpack(encoder.takePayload().bytes) as Array<Map<string, unknown>>[];
  return traces[0]![0]!;
}

const typed = (type: number, key: string, value: unknown): Map<string, unknown> =>
  new Map<string, unknown>([['type', type], [key, value]]);

describe('V04Encoder native span_events', () => {
  it('writes span_events last, with name, integer time_unix_nano and typed attributes', () => {
    const attributes: Record<string, SpanEventAttributeValue> = {
      s: { type: 0, string_value: 'two' },
      b: { type: 1, bool_value: true },
      i: { type: 2, int_value: -7 },
      d: { type: 3, double_value: 9.5 },
      arr: { type: 4, array_value: { values: [{ type: 2, int_value: 1 }, { type: 2, int_value: 2 }] } },
      strs: { type: 4, array_value: { values: [{ type: 0, string_value: 'a' }] } },
    };
    const span = encodeEvents([{ name: 'Event With Some Attributes', timeUnixNano: 1732975200123456768, attributes }]);
    expect([...span.keys()].at(-1)).toBe('span_events');
    expect(span.get('span_events')).toEqual([
      new Map<string, unknown>([
        ['name', 'Event With Some Attributes'],
        ['time_unix_nano', 1732975200123456768n],
        [
          'attributes',
          new Map<string, unknown>([
            ['s', typed(0, 'string_value', 'two')],
            ['b', typed(1, 'bool_value', true)],
            ['i', typed(2, 'int_value', -7)],
            ['d', typed(3, 'double_value', 9.5)],
            ['arr', typed(4, 'array_value', new Map([['values', [typed(2, 'int_value', 1), typed(2, 'int_value', 2)]]]))],
            ['strs', typed(4, 'array_value', new Map([['values', [typed(0, 'string_value', 'a')]]]))],
          ]),
        ],
      ]),
    ]);
  });

  it('time_unix_nano is a uint64 on the wire even for a fractional double', () => {
    const span = encodeEvents([{ name: 'e', timeUnixNano: 1500.6 }]);
    const event = (span.get('span_events') as Map<string, unknown>[])[0]!;
    expect(event.get('time_unix_nano')).toBe(1501n);
  });

  it('writes double_value as float64 even for integral doubles', () => {
    const span = encodeEvents([{ name: 'e', timeUnixNano: 1, attributes: { d: { type: 3, double_value: 2 } } }]);
    const event = (span.get('span_events') as Map<string, unknown>[])[0]!;
    expect((event.get('attributes') as Map<string, Map<string, unknown>>).get('d')!.get('double_value')).toBe(2);
    // The decoded value cannot show the format; check the bytes instead.
    const encoder = new V04Encoder();
    encoder.append([
      { traceId: '1', spanId: '2', parentId: '0', name: 'n', resource: 'r', service: 's', type: '', error: 0,
        start: 0, duration: 0, meta: {}, metrics: {},
        spanEvents: [{ name: 'e', timeUnixNano: 1, attributes: { d: { type: 3, double_value: 2 } } }] },
    ]);
    expect(Buffer.from(encoder.takePayload().bytes).toString('hex')).toContain('ac646f75626c655f76616c7565cb4000000000000000');
  });

  it('omits attributes when none is valid and drops invalid entries', () => {
    const bad = {
      nested: { type: 4, array_value: { values: [{ type: 4, array_value: { values: [] } }] } },
      empty: { type: 4, array_value: { values: [] } },
      unknown: { type: 9, value: 1 },
      wrong: { type: 0, string_value: 5 },
      nil: null,
    } as unknown as Record<string, SpanEventAttributeValue>;
    const span = encodeEvents([{ name: 'e', timeUnixNano: 5, attributes: bad }, { name: 'f', timeUnixNano: 6, attributes: {} }]);
    expect(span.get('span_events')).toEqual([
      new Map<string, unknown>([['name', 'e'], ['time_unix_nano', 5n]]),
      new Map<string, unknown>([['name', 'f'], ['time_unix_nano', 6n]]),
    ]);
  });

  it('drops nested arrays inside an array but keeps its scalars', () => {
    const attributes = {
      mixed: { type: 4, array_value: { values: [{ type: 4, array_value: { values: [] } }, { type: 1, bool_value: false }] } },
    } as Record<string, SpanEventAttributeValue>;
    const span = encodeEvents([{ name: 'e', timeUnixNano: 1, attributes }]);
    const event = (span.get('span_events') as Map<string, unknown>[])[0]!;
    expect(event.get('attributes')).toEqual(
      new Map([['mixed', typed(4, 'array_value', new Map([['values', [typed(1, 'bool_value', false)]]]))]]),
    );
  });

  it('skips events whose name is not a string', () => {
    const events = [{ name: 42, timeUnixNano: 1 }, { name: 'ok', timeUnixNano: 2 }] as unknown as SpanEventRecord[];
    expect(encodeEvents(events).get('span_events')).toEqual([new Map<string, unknown>([['name', 'ok'], ['time_unix_nano', 2n]])]);
  });

  it('writes no span_events key without events', () => {
    expect(encodeEvents(undefined).has('span_events')).toBe(false);
    expect(encodeEvents([]).has('span_events')).toBe(false);
  });
});
