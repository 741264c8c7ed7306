import { describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '../types.js';
import { summariseTrace, summariseTraces } from './trace-summaries.js';

function span(fields: Partial<DevAgentSpan> & Pick<DevAgentSpan, 'traceId' | 'spanId'>): DevAgentSpan {
  return {
    traceIdDec: '0', traceId128: `${'0'.repeat(16)}${fields.traceId}`, spanIdDec: '0', parentId: '0000000000000000',
    name: 'web.request', resource: 'GET /', service: 'web', type: 'web', error: 0, start: '1000', duration: 10,
    meta: {}, metrics: {}, protocol: '0.4', requestId: 1, ...fields,
  };
}

describe('summariseTrace', () => {
  it('summarises the root, the time range, errors and the distinct values', () => {
    const summary = summariseTrace([
      span({ traceId: 'a', spanId: '2', parentId: '1', name: 'db.query', resource: 'SELECT 1', service: 'db', start: '1005', duration: 20, error: 1, requestId: 3 }),
      span({ traceId: 'a', spanId: '1', resource: 'GET /users', start: '1000', duration: 12, requestId: 2 }),
    ]);
    expect(summary).toEqual({
      traceId: 'a', traceId128: '0000000000000000a', rootService: 'web', rootName: 'web.request', rootResource: 'GET /users',
      start: '1000', duration: 25, spanCount: 2, errorCount: 1,
      services: ['db', 'web'], names: ['db.query', 'web.request'], resources: ['SELECT 1', 'GET /users'], requestIds: [2, 3],
    });
  });

  it('takes the span whose parent was not received as root when no span has parent 0', () => {
    const summary = summariseTrace([
      span({ traceId: 'a', spanId: '3', parentId: '2', name: 'child' }),
      span({ traceId: 'a', spanId: '2', parentId: '1', name: 'entry' }),
    ]);
    expect(summary.rootName).toBe('entry');
  });

  it('keeps ns timestamps beyond 2^53 exact', () => {
    const summary = summariseTrace([span({ traceId: 'a', spanId: '1', start: '1700000000123456789', duration: 1 })]);
    expect(summary.start).toBe('1700000000123456789');
    expect(summary.duration).toBe(1);
  });
});

describe('summariseTraces', () => {
  it('groups chunks of one trace and lists traces newest first, by their latest chunk', () => {
    const chunks = [
      [span({ traceId: 'a', spanId: '1' })],
      [span({ traceId: 'b', spanId: '5' })],
      [span({ traceId: 'a', spanId: '2', parentId: '1', service: 'payments' })],
    ];
    const summaries = summariseTraces(chunks);
    expect(summaries.map((summary) => [summary.traceId, summary.spanCount])).toEqual([['a', 2], ['b', 1]]);
    expect(summaries[0]?.services).toEqual(['web', 'payments']);
  });

  it('is empty without traces', () => {
    expect(summariseTraces([])).toEqual([]);
  });
});
