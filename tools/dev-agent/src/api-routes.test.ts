import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from './index.js';
import { getJson, putV04, wireSpan } from './test-support.js';

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent();
});
afterAll(() => agent.close());

/** Three traces: users-api ok, billing with an error, users-api with an error child. */
async function seed(): Promise<void> {
  await putV04(agent, [[wireSpan({ trace_id: 1n, span_id: 1n, service: 'users-api' })]]);
  await putV04(agent, [[wireSpan({ trace_id: 2n, span_id: 2n, service: 'billing', error: 1 })]]);
  await putV04(agent, [
    [
      wireSpan({ trace_id: 3n, span_id: 3n, service: 'users-api', meta: { '_dd.p.tid': '65a1b2c300000000' } }),
      wireSpan({ trace_id: 3n, span_id: 4n, parent_id: 3n, service: 'postgres', error: 1 }),
    ],
  ]);
}

beforeEach(async () => {
  agent.clear();
  await seed();
});

const traceIds = (traces: Array<Array<{ traceIdDec: string }>>) => traces.map((trace) => trace[0]?.traceIdDec);

describe('GET /api/traces', () => {
  it('lists stored traces newest first with stats', async () => {
    const { status, body } = await getJson(agent, '/api/traces');
    expect(status).toBe(200);
    expect(traceIds(body.traces)).toEqual(['3', '2', '1']);
    expect(body.count).toBe(3);
    expect(body.stats).toMatchObject({ traces: 3, spans: 4, requests: 3 });
  });

  it('filters by service (any span of the trace)', async () => {
    expect(traceIds((await getJson(agent, '/api/traces?service=users-api')).body.traces)).toEqual(['3', '1']);
    expect(traceIds((await getJson(agent, '/api/traces?service=postgres')).body.traces)).toEqual(['3']);
    expect((await getJson(agent, '/api/traces?service=nope')).body.traces).toEqual([]);
  });

  it('filters by error and limits', async () => {
    expect(traceIds((await getJson(agent, '/api/traces?error=1')).body.traces)).toEqual(['3', '2']);
    expect(traceIds((await getJson(agent, '/api/traces?error=0')).body.traces)).toEqual(['1']);
    expect(traceIds((await getJson(agent, '/api/traces?error=true&service=users-api')).body.traces)).toEqual(['3']);
    expect(traceIds((await getJson(agent, '/api/traces?limit=1')).body.traces)).toEqual(['3']);
  });

  it('answers 400 for bad filter values', async () => {
    expect(await getJson(agent, '/api/traces?error=maybe')).toMatchObject({ status: 400, body: { error: expect.stringContaining('error must be') } });
    expect((await getJson(agent, '/api/traces?limit=0')).status).toBe(400);
  });
});

describe('GET /api/traces/:traceId', () => {
  it('finds a trace by 16-hex, 32-hex or decimal id', async () => {
    for (const id of ['0000000000000003', '65a1b2c3000000000000000000000003', '3']) {
      const { status, body } = await getJson(agent, `/api/traces/${id}`);
      expect(status).toBe(200);
      expect(body.spans.map((span: { spanIdDec: string }) => span.spanIdDec)).toEqual(['3', '4']);
    }
  });

  it('answers 404 for an unknown trace', async () => {
    expect((await getJson(agent, '/api/traces/ffff')).status).toBe(404);
  });
});

describe('requests, problems, stats and clear', () => {
  it('GET /api/requests lists requests newest first', async () => {
    const { body } = await getJson(agent, '/api/requests');
    expect(body.requests.map((request: { spanCount: number }) => request.spanCount)).toEqual([2, 1, 1]);
  });

  it('GET /api/problems lists problems newest first', async () => {
    await putV04(agent, [[wireSpan({ meta: { n: 1 } })]]);
    const { body } = await getJson(agent, '/api/problems');
    expect(body.problems).toMatchObject([{ kind: 'span.meta-type', field: 'meta.n' }]);
  });

  it('GET /api/stats reports counts', async () => {
    expect((await getJson(agent, '/api/stats')).body).toEqual({
      traces: 3, spans: 4, requests: 3, problems: 0, droppedTraces: 0, droppedRequests: 0, droppedProblems: 0,
    });
  });

  it('DELETE /api/traces clears the store', async () => {
    const response = await fetch(`${agent.url}/api/traces`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(agent.traces()).toEqual([]);
    expect(agent.requests()).toEqual([]);
  });
});
