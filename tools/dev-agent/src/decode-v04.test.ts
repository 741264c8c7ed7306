import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from './index.js';
import { putTraces, putV04, wireSpan } from './test-support.js';

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent();
});
afterAll(() => agent.close());
beforeEach(() => agent.clear());

describe('v0.4 msgpack decoding', () => {
  it('decodes exact 64-bit ids, times and tags into the normalised span', async () => {
    const root = wireSpan({
      trace_id: 0xffffffffffffffffn,
      span_id: 0x8000000000000005n,
      meta: { 'span.kind': 'server', '_dd.p.tid': '65A1B2C300000000' },
      metrics: { _sampling_priority_v1: 2, 'process.rate': 0.25, big: 1n << 60n },
    });
    const child = wireSpan({
      trace_id: 0xffffffffffffffffn,
      span_id: 42n,
      parent_id: 0x8000000000000005n,
      name: 'db.query',
      type: undefined,
      resource: null,
      error: 1,
    });
    const response = await putV04(agent, [[root, child]]);

    expect(response.status).toBe(200);
    expect(agent.problems()).toEqual([]);
    const [rootSpan, childSpan] = agent.spans();
    expect(rootSpan).toMatchObject({
      traceId: 'ffffffffffffffff',
      traceIdDec: '18446744073709551615',
      traceId128: '65a1b2c300000000ffffffffffffffff',
      spanId: '8000000000000005',
      spanIdDec: '9223372036854775813',
      parentId: '0000000000000000',
      name: 'web.request',
      resource: 'GET /users/:id',
      service: 'users-api',
      type: 'web',
      error: 0,
      start: '1700000000123456789',
      duration: 2_500_000,
      meta: { 'span.kind': 'server', '_dd.p.tid': '65A1B2C300000000' },
      metrics: { _sampling_priority_v1: 2, 'process.rate': 0.25, big: 2 ** 60 },
      protocol: '0.4',
      requestId: agent.requests()[0]?.id,
    });
    // The chunk's first span carries _dd.p.tid for every span of the chunk.
    expect(childSpan).toMatchObject({
      traceId128: '65a1b2c300000000ffffffffffffffff',
      spanId: '000000000000002a',
      spanIdDec: '42',
      parentId: '8000000000000005',
      resource: '',
      type: '',
      error: 1,
    });
    expect(agent.traces()).toHaveLength(1);
  });

  it('reads a negative int64 id as the unsigned 64-bit value the Agent stores', async () => {
    await putV04(agent, [[wireSpan({ trace_id: -1n, span_id: -2n })]]);
    expect(agent.spans()[0]).toMatchObject({ traceId: 'ffffffffffffffff', spanId: 'fffffffffffffffe' });
    expect(agent.problems()).toEqual([]);
  });

  it('normalises native span_events with typed attributes', async () => {
    const span = wireSpan({
      span_events: [
        {
          name: 'cache.miss',
          time_unix_nano: 1_700_000_000_987_654_321n,
          attributes: {
            key: { type: 0, string_value: 'users:1' },
            hit: { type: 1, bool_value: false },
            attempts: { type: 2, int_value: 3 },
            ratio: { type: 3, double_value: 0.5 },
            sizes: { type: 4, array_value: { values: [{ type: 2, int_value: 1 }, { type: 2, int_value: 2 }] } },
          },
        },
      ],
    });
    await putV04(agent, [[span]]);
    expect(agent.problems()).toEqual([]);
    expect(agent.spans()[0]?.spanEvents).toEqual([
      {
        name: 'cache.miss',
        timeUnixNano: '1700000000987654321',
        attributes: { key: 'users:1', hit: false, attempts: 3, ratio: 0.5, sizes: [1, 2] },
      },
    ]);
  });

  it('normalises meta events JSON, keeping big nanosecond times exact', async () => {
    const events = '[{"name":"Error","time_unix_nano":1700000000987654321,"attributes":{"exception.message":"boom","n":[1,2]}}]';
    await putV04(agent, [[wireSpan({ meta: { events } })]]);
    expect(agent.problems()).toEqual([]);
    const span = agent.spans()[0];
    expect(span?.meta.events).toBe(events);
    expect(span?.spanEvents).toEqual([
      { name: 'Error', timeUnixNano: '1700000000987654321', attributes: { 'exception.message': 'boom', n: [1, 2] } },
    ]);
  });

  it('normalises native span_links and meta _dd.span_links', async () => {
    const native = wireSpan({
      span_links: [{ trace_id: 0xaan, trace_id_high: 0x1n, span_id: 0xbbn, attributes: { 'link.kind': 'follows' }, tracestate: 'dd=s:1', flags: 0x80000001 }],
    });
    const json = wireSpan({
      span_id: 2n,
      parent_id: 0x1234n,
      meta: { '_dd.span_links': '[{"trace_id":"000000000000000100000000000000aa","span_id":"00000000000000bb","attributes":{"a":"1"},"flags":1}]' },
    });
    await putV04(agent, [[native, json]]);
    expect(agent.problems()).toEqual([]);
    const [first, second] = agent.spans();
    expect(first?.spanLinks).toEqual([
      { traceId: '000000000000000100000000000000aa', spanId: '00000000000000bb', attributes: { 'link.kind': 'follows' }, tracestate: 'dd=s:1', flags: 0x80000001 },
    ]);
    expect(second?.spanLinks).toEqual([
      { traceId: '000000000000000100000000000000aa', spanId: '00000000000000bb', attributes: { a: '1' }, flags: 1 },
    ]);
  });

  it('keeps a __proto__ tag as an ordinary meta key', async () => {
    await putV04(agent, [[wireSpan({ meta: JSON.parse('{"__proto__":"x","a":"b"}') })]]);
    const meta = agent.spans()[0]?.meta;
    expect(Object.keys(meta ?? {})).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
  });
});

describe('v0.4 JSON decoding', () => {
  it('decodes application/json payloads with exact 64-bit ids', async () => {
    const json =
      '[[{"trace_id":18446744073709551615,"span_id":2,"parent_id":0,"name":"a","resource":"r","service":"s",' +
      '"error":0,"start":1700000000123456789,"duration":5,"meta":{"k":"v"},"metrics":{"x":1.5}}]]';
    const response = await putTraces(agent, '/v0.4/traces', json, 1, { 'Content-Type': 'application/json' });
    expect(response.status).toBe(200);
    expect(agent.problems()).toEqual([]);
    expect(agent.spans()[0]).toMatchObject({
      traceId: 'ffffffffffffffff',
      spanId: '0000000000000002',
      start: '1700000000123456789',
      metrics: { x: 1.5 },
    });
  });

  it('reports a JSON float where an integer is required', async () => {
    const json = '[[{"trace_id":1.0,"span_id":2,"name":"a"}]]';
    const response = await putTraces(agent, '/v0.4/traces', json, 1, { 'Content-Type': 'application/json' });
    expect(response.status).toBe(400);
    expect(agent.problems()).toMatchObject([{ kind: 'span.field-type', field: 'trace_id' }]);
  });
});
