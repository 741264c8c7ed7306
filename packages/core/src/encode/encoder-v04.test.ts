import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { V04Encoder } from './encoder-v04.js';
import type { DatadogSpanRecord } from './span-record.js';

// Maps keep key order and uint64/int64 decode as BigInt, so ids are compared exactly.
const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });
const decode = (payload: Uint8Array): unknown => unpackr.unpack(payload);

function record(overrides: Partial<DatadogSpanRecord> = {}): DatadogSpanRecord {
  return {
    traceId: '0123456789abcdef',
    spanId: 'fedcba9876543210',
    parentId: '0000000000000000',
    name: 'express.request',
    resource: 'GET /users/:id',
    service: 'shop-api',
    type: 'web',
    error: 0,
    start: 1732975200123456768,
    duration: 1834000,
    meta: { 'http.method': 'GET', env: 'prod' },
    metrics: { '_dd.top_level': 1 },
    ...overrides,
  };
}

function decodeSpans(encoder: V04Encoder): Array<Map<string, unknown>>[] {
  return decode(encoder.takePayload().bytes) as Array<Map<string, unknown>>[];
}

function encodeOne(overrides: Partial<DatadogSpanRecord> = {}): Map<string, unknown> {
  const encoder = new V04Encoder();
  encoder.append([record(overrides)]);
  return decodeSpans(encoder)[0]![0]!;
}

describe('V04Encoder span layout', () => {
  it('writes every field with the Agent types, in dd-trace-js key order', () => {
    const span = encodeOne();
    expect([...span.keys()]).toEqual([
      'type', 'trace_id', 'span_id', 'parent_id', 'name', 'resource', 'service',
      'error', 'start', 'duration', 'meta', 'metrics',
    ]);
    expect(span.get('type')).toBe('web');
    expect(span.get('trace_id')).toBe(0x0123456789abcdefn);
    expect(span.get('span_id')).toBe(0xfedcba9876543210n);
    expect(span.get('parent_id')).toBe(0n);
    expect(span.get('name')).toBe('express.request');
    expect(span.get('resource')).toBe('GET /users/:id');
    expect(span.get('service')).toBe('shop-api');
    expect(span.get('error')).toBe(0);
    expect(span.get('start')).toBe(1732975200123456768n);
    expect(span.get('duration')).toBe(1834000);
    expect(span.get('meta')).toEqual(new Map([['http.method', 'GET'], ['env', 'prod']]));
    expect(span.get('metrics')).toEqual(new Map([['_dd.top_level', 1]]));
  });

  it('omits type when empty', () => {
    const span = encodeOne({ type: '' });
    expect(span.has('type')).toBe(false);
    expect([...span.keys()][0]).toBe('trace_id');
    expect(span.size).toBe(11);
  });

  it('keeps ids exact above 2^53 and with the top bit set', () => {
    const span = encodeOne({ traceId: 'ffffffffffffffff', spanId: '8000000000000001', parentId: '0020000000000001' });
    expect(span.get('trace_id')).toBe(2n ** 64n - 1n);
    expect(span.get('span_id')).toBe(2n ** 63n + 1n);
    expect(span.get('parent_id')).toBe(2n ** 53n + 1n);
  });

  it('writes error as 1 and small durations as ints', () => {
    const span = encodeOne({ error: 1, duration: 0, start: 1000 });
    expect(span.get('error')).toBe(1);
    expect(span.get('duration')).toBe(0);
    expect(span.get('start')).toBe(1000);
  });

  it('writes metrics as shortest ints or float64, keeps ±Infinity, drops NaN and non-numbers', () => {
    const metrics = {
      int: 42, negative: -129, zero: 0, big: 2 ** 40, float: 0.75, inf: Infinity, minusInf: -Infinity,
      nan: NaN, text: 'nope' as unknown as number,
    };
    const span = encodeOne({ metrics });
    expect(span.get('metrics')).toEqual(
      new Map<string, unknown>([
        ['int', 42], ['negative', -129], ['zero', 0], ['big', 2n ** 40n], ['float', 0.75],
        ['inf', Infinity], ['minusInf', -Infinity],
      ]),
    );
  });

  it('encodes integer metrics as ints and fractions as float64 on the wire', () => {
    const encoder = new V04Encoder();
    encoder.append([record({ meta: {}, metrics: { a: 1, b: 1.5 } })]);
    const bytes = Buffer.from(encoder.takePayload().bytes);
    const metricsAt = bytes.indexOf(Buffer.from('\xa7metrics', 'latin1'));
    // map32 with 2 entries, 'a' → fixint 1, 'b' → float64 1.5
    expect(bytes.subarray(metricsAt + 8).toString('hex')).toBe('df00000002a16101a162cb3ff8000000000000');
  });

  it('skips meta values that are not strings', () => {
    const meta = { ok: 'yes', num: 5 as unknown as string, nil: undefined as unknown as string };
    expect(encodeOne({ meta }).get('meta')).toEqual(new Map([['ok', 'yes']]));
  });

  it('keeps big and non-ASCII strings intact', () => {
    const big = 'x'.repeat(70_000);
    const unicode = 'héllo 👋 中文';
    const span = encodeOne({ resource: big, name: unicode, meta: { [unicode]: big, lone: 'a\ud800' } });
    expect(span.get('resource')).toBe(big);
    expect(span.get('name')).toBe(unicode);
    expect(span.get('meta')).toEqual(new Map([[unicode, big], ['lone', 'a\ufffd']]));
  });
});

describe('V04Encoder payloads', () => {
  it('puts many traces in one payload and counts them', () => {
    const encoder = new V04Encoder({ initialSize: 64 });
    for (let i = 0; i < 300; i++) {
      const traceId = i.toString(16).padStart(16, '0');
      encoder.append([record({ traceId, name: `root-${i}` }), record({ traceId, name: `child-${i}`, type: '' })]);
    }
    expect(encoder.traceCount).toBe(300);
    const bytes = encoder.takePayload().bytes;
    expect(encoder.byteLength).toBeLessThan(10);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('hex')).toBe('dd0000012c');
    const traces = decode(bytes) as Array<Map<string, unknown>>[];
    expect(traces).toHaveLength(300);
    expect(traces[299]!.map((s) => s.get('name'))).toEqual(['root-299', 'child-299']);
    expect(traces[299]![1]!.get('trace_id')).toBe(299n);
  });

  it('byteLength follows the appended data', () => {
    const encoder = new V04Encoder();
    const empty = encoder.byteLength;
    encoder.append([record()]);
    expect(encoder.byteLength).toBeGreaterThan(empty + 100);
  });

  it('takePayload twice: the second payload is a valid empty array', () => {
    const encoder = new V04Encoder();
    encoder.append([record()]);
    const first = encoder.takePayload().bytes;
    const second = encoder.takePayload().bytes;
    expect(decode(first)).toHaveLength(1);
    expect(Buffer.from(second).toString('hex')).toBe('dd00000000');
    expect(decode(second)).toEqual([]);
    expect(encoder.traceCount).toBe(0);
  });

  it('returned payloads are not overwritten by later appends', () => {
    const encoder = new V04Encoder({ initialSize: 256 });
    encoder.append([record({ name: 'first' })]);
    const first = Buffer.from(encoder.takePayload().bytes);
    const firstCopy = Buffer.from(first);
    encoder.append([record({ name: 'second' })]);
    encoder.takePayload().bytes;
    expect(first.equals(firstCopy)).toBe(true);
  });

  it('ignores empty chunks', () => {
    const encoder = new V04Encoder();
    encoder.append([]);
    expect(encoder.traceCount).toBe(0);
    expect(decode(encoder.takePayload().bytes)).toEqual([]);
  });

  it('append is atomic: a record that cannot be encoded leaves the payload as it was', () => {
    const encoder = new V04Encoder();
    encoder.append([record({ name: 'kept' })]);
    const bad = record({ service: undefined as unknown as string });
    expect(() => encoder.append([record({ name: 'long enough to be cached '.repeat(3) }), bad])).toThrow(TypeError);
    expect(encoder.traceCount).toBe(1);
    encoder.append([record({ name: 'long enough to be cached '.repeat(3) })]);
    const traces = decodeSpans(encoder);
    expect(traces.map((t) => t[0]!.get('name'))).toEqual(['kept', 'long enough to be cached '.repeat(3)]);
  });

  it('has the v0.4 path', () => {
    expect(new V04Encoder().path).toBe('/v0.4/traces');
  });
});
