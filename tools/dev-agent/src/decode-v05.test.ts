import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from './index.js';
import { pack, putTraces, V05Payload } from './test-support.js';

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent();
});
afterAll(() => agent.close());
beforeEach(() => agent.clear());

function put(body: Uint8Array, traceCount = 1) {
  return putTraces(agent, '/v0.5/traces', body, traceCount);
}

describe('v0.5 decoding', () => {
  it('resolves the string table and decodes exact ids into the normalised span', async () => {
    const payload = new V05Payload();
    const root = payload.span({
      service: 'billing',
      name: 'http.request',
      resource: 'POST /charge',
      traceId: 0xfedcba9876543210n,
      spanId: 0xfedcba9876543210n,
      start: 1_700_000_000_000_000_123n,
      duration: 4200,
      error: 1,
      meta: { 'error.message': 'declined', '_dd.p.tid': '65a1b2c300000000' },
      metrics: { _sampling_priority_v1: 1, 'retry.rate': 0.5 },
      type: 'web',
    });
    const child = payload.span({ traceId: 0xfedcba9876543210n, spanId: 7n, parentId: 0xfedcba9876543210n });
    payload.traces.push([root, child]);

    const response = await put(payload.encode());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ rate_by_service: { 'service:,env:': 1 } });
    expect(agent.problems()).toEqual([]);
    expect(agent.spans()).toMatchObject([
      {
        traceId: 'fedcba9876543210',
        traceIdDec: '18364758544493064720',
        traceId128: '65a1b2c300000000fedcba9876543210',
        spanId: 'fedcba9876543210',
        parentId: '0000000000000000',
        service: 'billing',
        name: 'http.request',
        resource: 'POST /charge',
        type: 'web',
        error: 1,
        start: '1700000000000000123',
        duration: 4200,
        meta: { 'error.message': 'declined', '_dd.p.tid': '65a1b2c300000000' },
        metrics: { _sampling_priority_v1: 1, 'retry.rate': 0.5 },
        protocol: '0.5',
      },
      { spanId: '0000000000000007', parentId: 'fedcba9876543210', type: '', service: 'users-api' },
    ]);
    expect(agent.requests()[0]).toMatchObject({ protocol: '0.5', traceCount: 1, spanCount: 2, status: 200 });
  });

  it('payload.shape: the payload must be a 2-element array', async () => {
    const response = await put(pack([[''], [], []]));
    expect(response.status).toBe(400);
    expect(agent.problems()).toMatchObject([
      { kind: 'payload.shape', message: 'a v0.5 payload must be a 2-element array [strings, traces], got an array of 3 elements' },
    ]);
  });

  it('v05.string-table: entries must all be strings, with "" at index 0', async () => {
    const payload = new V05Payload();
    payload.traces.push([payload.span()]);
    const table: unknown[] = [...payload.strings];
    table[0] = 'not-empty';
    table.push(42);
    const response = await put(pack([table, payload.traces]));
    expect(response.status).toBe(400);
    expect(agent.problems().map((problem) => [problem.kind, problem.field])).toEqual([
      ['v05.string-table', 'string_table[0]'],
      ['v05.string-table', `string_table[${table.length - 1}]`],
    ]);
  });

  it('v05.span-length: spans must have exactly 12 elements', async () => {
    const payload = new V05Payload();
    payload.traces.push([payload.span().slice(0, 11)]);
    const response = await put(payload.encode());
    expect(response.status).toBe(400);
    expect(agent.problems()).toMatchObject([
      { kind: 'v05.span-length', traceIndex: 0, spanIndex: 0, message: 'a v0.5 span must have exactly 12 elements, got 11' },
    ]);
    // The 11 elements present are still decoded.
    expect(agent.spans()[0]).toMatchObject({ name: 'web.request', type: '' });
  });

  it('v05.string-index: string indices must be in range', async () => {
    const payload = new V05Payload();
    const span = payload.span();
    span[2] = 999;
    (span[9] as Map<number, number>).set(payload.str('k'), 1000);
    payload.traces.push([span]);
    const response = await put(payload.encode());
    expect(response.status).toBe(400);
    expect(agent.problems().map((problem) => [problem.kind, problem.field])).toEqual([
      ['v05.string-index', 'resource'],
      ['v05.string-index', 'meta.k'],
    ]);
    expect(agent.problems()[0]?.message).toBe(`resource index 999 is out of range (string table has ${payload.strings.length} entries)`);
  });

  it('span.field-type: ids written as float64 are reported on v0.5 too', async () => {
    const payload = new V05Payload();
    const span = payload.span();
    span[4] = 2 ** 40; // msgpackr writes this as float64
    payload.traces.push([span]);
    await put(payload.encode());
    expect(agent.problems()).toMatchObject([{ kind: 'span.field-type', field: 'span_id' }]);
  });
});
