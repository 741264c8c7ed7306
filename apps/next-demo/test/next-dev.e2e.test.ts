import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNext } from './next-process.js';
import type { RunningNext } from './next-process.js';
import { datadogHeaders, descendsFrom, named, waitForTrace } from './trace-helpers.js';

/** Smoke test of `next dev` (Turbopack, compiled on first request): same names as production. */
describe('next dev: the demo app in Datadog', () => {
  let agent: DevAgent;
  let next: RunningNext;

  beforeAll(async () => {
    agent = await startDevAgent({ port: 0 });
    next = await startNext('dev', { DD_TRACE_AGENT_URL: agent.url, DD_SERVICE: 'next-demo-dev', DD_TRACE_FLUSH_INTERVAL: '100' });
  });

  afterAll(async () => {
    await next?.stop();
    await agent?.close();
  });

  it('route handler: next.request GET /api/users/[id] with the custom spans nested under it', async () => {
    const { headers, traceId, parentId } = datadogHeaders();
    const response = await fetch(`${next.baseUrl}/api/users/5`, { headers });
    expect(response.status).toBe(200);
    await response.text();
    const spans = await waitForTrace(agent, traceId, 1, 45_000);
    const root = named(spans, 'next.request', 'GET /api/users/[id]');
    expect(root).toMatchObject({ service: 'next-demo-dev', type: 'web', parentId });
    expect(descendsFrom(spans, named(spans, 'user.db_query'), root)).toBe(true);
  });

  it('route handler that throws: error recorded by onRequestError', async () => {
    const { headers, traceId } = datadogHeaders();
    const response = await fetch(`${next.baseUrl}/api/boom`, { headers });
    expect(response.status).toBe(500);
    await response.text();
    const spans = await waitForTrace(agent, traceId, 1, 45_000);
    const root = named(spans, 'next.request', 'GET /api/boom');
    expect(root).toMatchObject({ error: 1 });
    expect(root.meta).toMatchObject({ 'error.type': 'RangeError', 'next.route_type': 'route' });
  });
});
