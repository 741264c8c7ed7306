import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from '../index.js';
import { getJson, putV04, wireSpan } from '../test-support.js';

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent({ maxTraces: 2 });
  await putV04(agent, [[wireSpan({ trace_id: 1n, span_id: 1n })]]);
  await putV04(agent, [[wireSpan({ trace_id: 2n, span_id: 2n, meta: { n: 7 } })], [wireSpan({ trace_id: 1n, span_id: 3n, parent_id: 1n })]]);
});
afterAll(() => agent.close());

describe('GET /api/summaries', () => {
  it('lists trace summaries newest first with the stats and the store bound', async () => {
    const { status, body } = await getJson(agent, '/api/summaries');
    expect(status).toBe(200);
    // Three chunks into a store of two: the first chunk of trace 1 was dropped.
    expect(body.traces.map((trace: { traceId: string; spanCount: number }) => [trace.traceId, trace.spanCount])).toEqual([
      ['0000000000000001', 1],
      ['0000000000000002', 1],
    ]);
    expect(body.stats).toMatchObject({ traces: 2, droppedTraces: 1 });
    expect(body.maxTraces).toBe(2);
  });
});

describe('GET /api/traces/:traceId/requests', () => {
  it('answers the payloads that carried the trace, with their problems', async () => {
    const { status, body } = await getJson(agent, '/api/traces/0000000000000002/requests');
    expect(status).toBe(200);
    expect(body.requests).toHaveLength(1);
    expect(body.requests[0]).toMatchObject({ id: 2, status: 400, problems: [{ kind: 'span.meta-type', field: 'meta.n' }] });
  });

  it('answers 404 for a trace it does not hold', async () => {
    expect((await getJson(agent, '/api/traces/00000000000000ff/requests')).status).toBe(404);
  });
});
