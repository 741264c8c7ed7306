import { init } from '@dd-otel/core';
import type { DatadogTracerProvider } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from './app.js';
import type { RunningApp } from './app.js';
import { runScenarios } from './scenarios.js';
import type { ScenarioResult } from './scenarios.js';

let agent: DevAgent;
let provider: DatadogTracerProvider;
let running: RunningApp;
let results: ScenarioResult[];
let requestSpans: Map<string, DevAgentSpan>;

const EXPECTED_REQUESTS = ['/hello', '/api/users/42', '/work', '/error', '/bad-request', '/no/such/page/12345', '/chain', '/slow'];

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
  provider = init({ url: agent.url, service: 'fastify-demo', flushInterval: 10 });
  running = await start();
  results = await runScenarios(running.url);
  // Every scenario's request span (and /hello twice: directly and through /chain).
  const spans = await agent.waitFor((all) => {
    const paths = all.filter((span) => span.name === 'fastify.request').map((span) => span.meta['url.path']);
    const complete = EXPECTED_REQUESTS.every((path) => paths.includes(path));
    return complete && paths.filter((path) => path === '/hello').length === 2 ? all : undefined;
  });
  requestSpans = new Map(spans.filter((span) => span.name === 'fastify.request').map((span) => [span.meta['url.path']!, span]));
});

afterAll(async () => {
  await running.close();
  await provider.shutdown();
  await agent.close();
});

const childrenOf = (parent: DevAgentSpan): DevAgentSpan[] => agent.spans().filter((span) => span.parentId === parent.spanId);

describe('the fastify demo, scenario by scenario', () => {
  it('answers every scenario as designed', () => {
    expect(results.map((result) => result.outcome)).toEqual(['200', '200', '200', '500', '400', '404', '200', 'aborted by the client']);
  });

  it('hello and the param route under a prefix, with its custom child span', () => {
    expect(requestSpans.get('/hello')!.resource).toBe('GET /hello');
    const users = requestSpans.get('/api/users/42')!;
    expect(users.resource).toBe('GET /api/users/:id');
    expect(users.metrics['user.found']).toBe(1);
    expect(childrenOf(users).map((span) => [span.name, span.meta['user.id']])).toEqual([['users.lookup', '42']]);
  });

  it("the guide's snippets, under the request span", () => {
    const work = requestSpans.get('/work')!;
    expect(work.meta).toMatchObject({ 'customer.id': '12345', 'customer.tier': 'gold', 'cart.skus.0': 'a-1', 'cart.skus.1': 'b-2' });
    expect(work.metrics['cart.total']).toBe(99.95);
    const children = childrenOf(work);
    expect(children.map((span) => span.name).sort()).toEqual(['work.events', 'work.exceptions', 'work.process']);
    const process = children.find((span) => span.name === 'work.process')!;
    expect(process.resource).toBe('process order 42');
    expect(childrenOf(process).map((span) => span.name)).toEqual(['work.validate']);
    const events = children.find((span) => span.name === 'work.events')!.spanEvents!;
    expect(events.map((event) => event.name)).toEqual(['Event With No Attributes', 'Event With Some Attributes', 'Event With A Timestamp']);
    expect(events[1]!.attributes).toEqual({
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    const exceptions = children.find((span) => span.name === 'work.exceptions')!;
    expect(exceptions.error).toBe(1);
    expect(exceptions.spanEvents!.map((event) => event.attributes['exception.message'])).toEqual(['payment declined', 'retry failed']);
    expect(exceptions.spanEvents![1]!.attributes).toMatchObject({ 'retry.count': 2, status: 'failed' });
  });

  it('errors: a thrown error is a 500 error span; 400 and 404 are not errors', () => {
    expect(requestSpans.get('/error')).toMatchObject({ resource: 'GET /error', error: 1 });
    expect(requestSpans.get('/error')!.meta).toMatchObject({ 'error.type': 'Error', 'error.message': 'something broke' });
    expect(requestSpans.get('/bad-request')).toMatchObject({ resource: 'GET /bad-request', error: 0 });
    expect(requestSpans.get('/no/such/page/12345')).toMatchObject({ resource: 'GET', error: 0 });
  });

  it('resource renaming: the 404 gets http.endpoint with its id replaced, a routed request none', () => {
    expect(requestSpans.get('/no/such/page/12345')!.meta['http.endpoint']).toBe('/no/such/page/{param:int}');
    expect(requestSpans.get('/hello')!.meta['http.endpoint']).toBeUndefined();
    expect(requestSpans.get('/api/users/42')!.meta['http.endpoint']).toBeUndefined();
  });

  it('the downstream call continues the trace: /chain → http.request → /hello', () => {
    const chain = requestSpans.get('/chain')!;
    const [client] = childrenOf(chain);
    expect(client).toMatchObject({ name: 'http.request', resource: 'GET /hello', traceId: chain.traceId });
    const [downstream] = childrenOf(client!);
    expect(downstream).toMatchObject({ name: 'fastify.request', resource: 'GET /hello', traceId: chain.traceId });
  });

  it('the aborted slow request ends, marked aborted and not an error', () => {
    const slow = requestSpans.get('/slow')!;
    expect(slow).toMatchObject({ resource: 'GET /slow', error: 0 });
    expect(slow.metrics['http.aborted']).toBe(1);
  });

  it('sends nothing the agent would reject', () => {
    expect(agent.problems().filter((problem) => problem.severity === 'error')).toEqual([]);
  });
});
