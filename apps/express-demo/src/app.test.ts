import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '@dd-otel/core';
import type { DatadogTracerProvider } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import express5 from 'express';
import express4 from 'express4';
import { exercise, start } from './server.js';
import type { RunningDemo } from './server.js';

/** 9 request spans (8 paths, /chain adds the downstream /hello), users.lookup and work.process. */
const SPANS_PER_RUN = 11;

let agent: DevAgent;
let provider: DatadogTracerProvider;
beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
  provider = init({ url: agent.url, service: 'express-demo', flushInterval: 0 });
});
afterAll(async () => {
  await provider.shutdown();
  await agent.close();
});

describe.each([
  ['express 5', express5],
  ['express 4', express4 as unknown as typeof express5],
])('express demo on %s', (_label, express) => {
  let demo: RunningDemo;
  let statuses: Record<string, number>;
  let spans: DevAgentSpan[];
  let before = 0;
  beforeAll(async () => {
    before = agent.spans().length;
    demo = await start({ port: 0, express });
    statuses = await exercise(demo.url);
    await provider.forceFlush();
    spans = (await agent.waitForSpans(before + SPANS_PER_RUN)).slice(before);
    await demo.close();
  });

  function requestSpan(path: string): DevAgentSpan {
    const found = spans.filter((span) => span.name === 'express.request' && span.meta['url.path'] === path);
    expect(found, path).toHaveLength(path === '/hello' ? 2 : 1);
    return found[0]!;
  }

  function childOf(parent: DevAgentSpan, name: string): DevAgentSpan {
    const child = spans.find((span) => span.name === name && span.parentId === parent.spanId);
    expect(child, name).toBeDefined();
    return child!;
  }

  it('answers every scenario', async () => {
    expect(statuses).toEqual({
      '/hello': 200,
      '/users/42': 200,
      '/work': 200,
      '/error': 500,
      '/async-error': 500,
      '/bad-request': 400,
      '/nowhere/12345': 404,
      '/chain': 200,
    });
    expect(agent.problems()).toEqual([]);
    // Nothing more arrives after another flush: every span was sent exactly once.
    await provider.forceFlush();
    expect(agent.spans().length - before).toBe(SPANS_PER_RUN);
  });

  it('/hello: a web span with the route resource and the x-request-id header tag', () => {
    const span = requestSpan('/hello');
    expect(span).toMatchObject({ resource: 'GET /hello', type: 'web', service: 'express-demo', error: 0 });
    expect(span.meta['http.request.headers.x-request-id']).toBe('demo-hello');
  });

  it('/users/:id: resource from the mounted router, custom child span with attributes and an event', () => {
    const span = requestSpan('/users/42');
    expect(span.resource).toBe('GET /users/:id');
    const lookup = childOf(span, 'users.lookup');
    expect(lookup.meta).toMatchObject({ 'user.id': '42', 'db.system': 'memory' });
    expect(lookup.spanEvents).toEqual([expect.objectContaining({ name: 'cache miss', attributes: { 'cache.key': 'user:42' } })]);
  });

  it("/work: the guide's snippets under the request span", () => {
    const span = requestSpan('/work');
    expect(span.meta['customer.id']).toBe('12345');
    const work = childOf(span, 'work.process');
    expect(work.metrics['work.items']).toBe(3);
    expect(work.meta['work.tier']).toBe('gold');
    expect(work.error).toBe(1);
    expect(work.meta['error.message']).toBe('payment declined');
    const events = work.spanEvents ?? [];
    expect(events.map((event) => event.name)).toEqual([
      'Event With Some Attributes',
      'Event With A Timestamp',
      'exception',
      'exception',
    ]);
    expect(events[0]!.attributes).toEqual({
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    expect(BigInt(events[1]!.timeUnixNano)).toBeLessThan(BigInt(work.start));
    expect(events[3]!.attributes).toMatchObject({ 'exception.message': 'retry failed', 'retry.count': 2, status: 'failed' });
  });

  it.each([
    ['/error', 'something broke'],
    ['/async-error', 'something broke later'],
  ])('%s: a 500 with the exception recorded', (path, message) => {
    const span = requestSpan(path);
    expect(span).toMatchObject({ resource: `GET ${path}`, error: 1 });
    expect(span.meta).toMatchObject({ 'http.status_code': '500', 'error.type': 'Error', 'error.message': message });
    expect(span.spanEvents?.map((event) => event.name)).toEqual(['exception']);
  });

  it('/bad-request: a 400 is not an error', () => {
    const span = requestSpan('/bad-request');
    expect(span).toMatchObject({ resource: 'GET /bad-request', error: 0 });
    expect(span.meta['http.status_code']).toBe('400');
    expect(span.meta['error.message']).toBeUndefined();
  });

  it('unknown path: resource is the method alone, http.endpoint the path with its id replaced', () => {
    const span = requestSpan('/nowhere/12345');
    expect(span).toMatchObject({ resource: 'GET', error: 0 });
    expect(span.meta['http.status_code']).toBe('404');
    expect(span.meta['http.endpoint']).toBe('/nowhere/{param:int}');
    expect(requestSpan('/hello').meta['http.endpoint']).toBeUndefined();
  });

  it('/chain: the downstream /hello continues the same trace', () => {
    const chain = requestSpan('/chain');
    const downstream = spans.find((span) => span.resource === 'GET /hello' && span.parentId === chain.spanId);
    expect(downstream).toBeDefined();
    expect(downstream!.traceId128).toBe(chain.traceId128);
  });
});
