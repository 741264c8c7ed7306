import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { V05Encoder } from './encoder-v05.js';
import type { DatadogSpanRecord } from './span-record.js';

const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });

type V05Span = [number, number, number, bigint, bigint, bigint, unknown, unknown, number, Map<number, number>, Map<number, unknown>, number];
type V05Payload = [string[], V05Span[][]];

function record(overrides: Partial<DatadogSpanRecord> = {}): DatadogSpanRecord {
  return {
    traceId: 'ffffffffffffffff',
    spanId: '8000000000000001',
    parentId: '0000000000000000',
    name: 'express.request',
    resource: 'GET /users/:id',
    service: 'shop-api',
    type: 'web',
    error: 1,
    start: 1732975200123456768,
    duration: 1834000,
    meta: { env: 'prod', 'span.kind': 'server' },
    metrics: { '_dd.top_level': 1, rate: 0.25 },
    ...overrides,
  };
}

function decode(payload: Uint8Array): V05Payload {
  return unpackr.unpack(payload) as V05Payload;
}

/** Resolves string indices so assertions read like the v0.4 span. */
function resolve(table: string[], span: V05Span) {
  const str = (i: number): string => {
    expect(i).toBeLessThan(table.length);
    return table[i]!;
  };
  return {
    service: str(span[0]),
    name: str(span[1]),
    resource: str(span[2]),
    traceId: span[3],
    spanId: span[4],
    parentId: span[5],
    start: span[6],
    duration: span[7],
    error: span[8],
    meta: Object.fromEntries([...span[9]].map(([k, v]) => [str(k), str(v)])),
    metrics: Object.fromEntries([...span[10]].map(([k, v]) => [str(k), v])),
    type: str(span[11]),
  };
}

describe('V05Encoder', () => {
  it('writes [stringTable, traces] with 12-element spans and "" at index 0', () => {
    const encoder = new V05Encoder();
    encoder.append([record()]);
    const bytes = Buffer.from(encoder.takePayload().bytes);
    expect(bytes[0]).toBe(0x92);
    const [table, traces] = decode(bytes);
    expect(table[0]).toBe('');
    expect(new Set(table).size).toBe(table.length);
    const span = traces[0]![0]!;
    expect(span).toHaveLength(12);
    expect(resolve(table, span)).toEqual({
      service: 'shop-api',
      name: 'express.request',
      resource: 'GET /users/:id',
      traceId: 2n ** 64n - 1n,
      spanId: 2n ** 63n + 1n,
      parentId: 0n,
      start: 1732975200123456768n,
      duration: 1834000,
      error: 1,
      meta: { env: 'prod', 'span.kind': 'server' },
      metrics: { '_dd.top_level': 1, rate: 0.25 },
      type: 'web',
    });
  });

  it('keeps an empty type as index 0', () => {
    const encoder = new V05Encoder();
    encoder.append([record({ type: '' })]);
    const [table, traces] = decode(encoder.takePayload().bytes);
    expect(traces[0]![0]![11]).toBe(0);
    expect(table[0]).toBe('');
  });

  it('stores each string once across spans and traces', () => {
    const encoder = new V05Encoder({ initialSize: 64 });
    for (let i = 0; i < 50; i++) encoder.append([record(), record({ name: `op-${i % 5}` })]);
    const [table, traces] = decode(encoder.takePayload().bytes);
    expect(traces).toHaveLength(50);
    expect(table.filter((s) => s === 'shop-api')).toHaveLength(1);
    expect(table.filter((s) => s.startsWith('op-'))).toHaveLength(5);
    expect(resolve(table, traces[49]![1]!).name).toBe('op-4');
  });

  it('handles metrics edge values and skips NaN and non-string meta', () => {
    const encoder = new V05Encoder();
    const meta = { ok: 'v', bad: 1 as unknown as string };
    encoder.append([record({ meta, metrics: { inf: Infinity, ninf: -Infinity, neg: -40000, nan: NaN } })]);
    const [table, traces] = decode(encoder.takePayload().bytes);
    const span = resolve(table, traces[0]![0]!);
    expect(span.meta).toEqual({ ok: 'v' });
    expect(span.metrics).toEqual({ inf: Infinity, ninf: -Infinity, neg: -40000 });
  });

  it('writes meta and metrics of up to 15 entries with one-byte headers, longer ones intact', () => {
    const entries = <T,>(n: number, value: (i: number) => T): Record<string, T> =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value(i)]));
    const encoder = new V05Encoder({ initialSize: 16 });
    const small = record({ meta: entries(15, (i) => `v${i}`), metrics: entries(15, (i) => i) });
    const large = record({ meta: entries(40, (i) => `v${i}`), metrics: entries(16, (i) => i + 0.5) });
    encoder.append([small, large, small]);
    const [table, traces] = decode(encoder.takePayload().bytes);
    const [first, second, third] = traces[0]!.map((span) => resolve(table, span));
    expect(first).toMatchObject({ meta: small.meta, metrics: small.metrics, type: 'web' });
    expect(second).toMatchObject({ meta: large.meta, metrics: large.metrics, type: 'web' });
    expect(third).toEqual(first);

    // The span is the payload's end: fixmap(0) meta, fixmap(1) metrics {k0 → 7}, type index 0.
    encoder.append([record({ meta: {}, metrics: { k0: 7 }, type: '' })]);
    const bytes = Buffer.from(encoder.takePayload().bytes);
    const [endTable] = decode(bytes);
    expect(bytes.subarray(-5).toString('hex')).toBe(`8081${endTable.indexOf('k0').toString(16).padStart(2, '0')}0700`);
  });

  it('keeps big and non-ASCII strings intact, lone surrogates as U+FFFD', () => {
    const big = 'é'.repeat(40_000);
    const encoder = new V05Encoder();
    encoder.append([record({ resource: big, meta: { '👋': 'a\udc00' } })]);
    const [table, traces] = decode(encoder.takePayload().bytes);
    const span = resolve(table, traces[0]![0]!);
    expect(span.resource).toBe(big);
    expect(span.meta).toEqual({ '👋': 'a\ufffd' });
  });

  it('ignores native span events (the mapper put them in meta)', () => {
    const encoder = new V05Encoder();
    encoder.append([record({ spanEvents: [{ name: 'e', timeUnixNano: 1 }] })]);
    const [, traces] = decode(encoder.takePayload().bytes);
    expect(traces[0]![0]).toHaveLength(12);
  });

  it('takePayload twice: the second payload is valid and empty; counts and sizes reset', () => {
    const encoder = new V05Encoder();
    encoder.append([record()]);
    expect(encoder.traceCount).toBe(1);
    const first = encoder.takePayload().bytes;
    expect(encoder.traceCount).toBe(0);
    const second = encoder.takePayload().bytes;
    expect(decode(first)[1]).toHaveLength(1);
    expect(decode(second)).toEqual([[''], []]);
    expect(second.length).toBe(encoder.byteLength);
  });

  it('byteLength includes the string table', () => {
    const encoder = new V05Encoder();
    const empty = encoder.byteLength;
    encoder.append([record({ meta: { big: 'x'.repeat(10_000) } })]);
    expect(encoder.byteLength).toBeGreaterThan(empty + 10_000);
    expect(encoder.takePayload().bytes.length).toBeGreaterThan(10_000);
  });

  it('append is atomic: a failing chunk leaves no span, later payloads stay valid', () => {
    const encoder = new V05Encoder();
    encoder.append([record({ name: 'kept' })]);
    expect(() => encoder.append([record({ name: 'partial' }), record({ resource: null as unknown as string })])).toThrow(TypeError);
    encoder.append([record({ name: 'partial' })]);
    const [table, traces] = decode(encoder.takePayload().bytes);
    expect(traces.map((t) => resolve(table, t[0]!).name)).toEqual(['kept', 'partial']);
  });

  it('has the v0.5 path', () => {
    expect(new V05Encoder().path).toBe('/v0.5/traces');
  });
});
