import { describe, expect, it, vi } from 'vitest';
import { MAX_REQUESTS, TraceStore } from './trace-store.js';
import type { DevAgentRequest, DevAgentSpan } from './types.js';

function span(traceId: string, spanId: string, requestId: number): DevAgentSpan {
  return {
    traceId, traceIdDec: BigInt(`0x${traceId}`).toString(), traceId128: `${'0'.repeat(16)}${traceId}`,
    spanId, spanIdDec: BigInt(`0x${spanId}`).toString(), parentId: '0'.repeat(16),
    name: 'op', resource: 'res', service: 'svc', type: '', error: 0, start: '1', duration: 1,
    meta: {}, metrics: {}, protocol: '0.4', requestId,
  };
}

function request(store: TraceStore, problems = 0): DevAgentRequest {
  const id = store.nextRequestId();
  return {
    id, method: 'PUT', path: '/v0.4/traces', protocol: '0.4', receivedAt: 0, headers: {}, byteSize: 1,
    traceCount: 1, spanCount: 1, status: 200,
    problems: Array.from({ length: problems }, () => ({ kind: 'header.meta-lang' as const, severity: 'warning' as const, message: 'm', requestId: id })),
  };
}

describe('TraceStore', () => {
  it('drops the oldest traces beyond the bound and counts them', () => {
    const store = new TraceStore(2);
    for (let index = 1; index <= 3; index++) {
      const req = request(store);
      store.add(req, [[span(`000000000000000${index}`, '0000000000000001', req.id)]]);
    }
    expect(store.traces().map((trace) => trace[0]?.traceIdDec)).toEqual(['2', '3']);
    expect(store.stats()).toMatchObject({ traces: 2, droppedTraces: 1, requests: 3 });
  });

  it('keeps a bounded window of requests', () => {
    const store = new TraceStore(10);
    for (let index = 0; index < MAX_REQUESTS + 5; index++) store.add(request(store), []);
    expect(store.requests()).toHaveLength(MAX_REQUESTS);
    expect(store.requests()[0]?.id).toBe(6);
    expect(store.stats().droppedRequests).toBe(5);
  });

  it('finds the spans of one trace across chunks', () => {
    const store = new TraceStore(10);
    const first = request(store);
    store.add(first, [[span('00000000000000aa', '0000000000000001', first.id)], [span('00000000000000bb', '0000000000000002', first.id)]]);
    const second = request(store);
    store.add(second, [[span('00000000000000aa', '0000000000000003', second.id)]]);
    expect(store.findTrace('00000000000000AA').map((found) => found.spanIdDec)).toEqual(['1', '3']);
    expect(store.findTrace('170').map((found) => found.spanIdDec)).toEqual(['1', '3']);
  });

  it('never reuses request ids, even after clear', () => {
    const store = new TraceStore(10);
    store.add(request(store, 1), []);
    store.clear();
    expect(store.problems()).toEqual([]);
    expect(store.nextRequestId()).toBe(2);
  });

  it('isolates a throwing listener from the others', () => {
    const store = new TraceStore(10);
    const listener = vi.fn();
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = store.subscribe(listener);
    store.add(request(store), []);
    unsubscribe();
    store.clear();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]?.[0]).toMatchObject({ type: 'request' });
  });
});
