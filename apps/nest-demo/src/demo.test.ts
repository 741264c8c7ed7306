import { randomBytes } from 'node:crypto';
import { init } from '@dd-otel/core';
import type { DatadogTracerProvider } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from './app.js';
import type { AdapterName, StartedApp } from './app.js';
import { DEMO_SCENARIOS, driveScenarios } from './scenarios.js';

let agent: DevAgent;
let provider: DatadogTracerProvider;

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
  provider = init({ url: agent.url, service: 'nest-demo-test', flushInterval: 10 });
});

afterAll(async () => {
  await provider.shutdown();
  await agent.close();
});

interface Traced {
  status: number;
  spans: DevAgentSpan[];
  server: DevAgentSpan;
}

function named(spans: DevAgentSpan[], name: string): DevAgentSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no span ${name}; got ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

describe.each(['express', 'fastify'] as AdapterName[])('the demo on the %s adapter', (adapter) => {
  let demo: StartedApp;
  const operation = `${adapter}.request`;

  /** Sends a scenario in a trace of its own; returns its spans once `servers` server spans arrived. */
  async function run(path: string, headers: Record<string, string> = {}, servers = 1): Promise<Traced> {
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(demo.url + path, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, ...headers },
    });
    await response.text();
    const spans = await agent.waitFor((all) => {
      const ofTrace = all.filter((span) => span.traceId === traceId.slice(16));
      return ofTrace.filter((span) => span.meta['span.kind'] === 'server').length >= servers ? ofTrace : undefined;
    });
    const server = spans.find((span) => span.meta['span.kind'] === 'server' && span.meta['url.path'] === path.split('?')[0])!;
    return { status: response.status, spans, server };
  }

  beforeAll(async () => {
    demo = await start({ adapter });
  });

  afterAll(async () => {
    await demo.app.close();
  });

  it('answers every scenario with its status', async () => {
    const results = await driveScenarios(demo.url);
    expect(results.map((result) => result.status)).toEqual(DEMO_SCENARIOS.map((scenario) => scenario.status));
  });

  it('traces a found user: request span, handler span, traced service span', async () => {
    const { spans, server } = await run('/api/v1/users/42', { 'x-request-id': 'demo-42' });
    expect(server).toMatchObject({ name: operation, resource: 'GET /api/v1/users/:id', error: 0, type: 'web' });
    expect(server.meta).toMatchObject({
      component: adapter,
      'http.status_code': '200',
      'http.request.headers.x-request-id': 'demo-42',
      'nestjs.controller': 'UsersController',
      'nestjs.callback': 'findOne',
      'nestjs.module': 'UsersModule',
    });
    const handler = named(spans, 'nestjs.handler');
    const service = named(spans, 'UsersService.findOne');
    expect(handler).toMatchObject({ parentId: server.spanId, resource: 'UsersController.findOne' });
    expect(service.parentId).toBe(handler.spanId);
    expect(service.metrics['user.id']).toBe(42);
  });

  it('does not mark 404, 400 and 403 answers as errors', async () => {
    const notFound = await run('/api/v1/users/404');
    expect(notFound.status).toBe(404);
    expect(notFound.spans.every((span) => span.error === 0)).toBe(true);
    expect(notFound.server.resource).toBe('GET /api/v1/users/:id');

    const invalid = await run('/api/v1/users/forty-two');
    expect(invalid.status).toBe(400);
    expect(invalid.server).toMatchObject({ error: 0, resource: 'GET /api/v1/users/:id' });
    expect(invalid.spans.map((span) => span.name).sort()).toEqual([operation, 'nestjs.handler'].sort());

    const rejected = await run('/api/v1/users/42/permissions');
    expect(rejected.status).toBe(403);
    expect(rejected.server).toMatchObject({ error: 0, resource: 'GET /api/v1/users/:id/permissions' });
    // The module's global guard runs before the route's own: the rejected request keeps its tags.
    expect(rejected.server.meta).toMatchObject({ 'nestjs.controller': 'UsersController', 'nestjs.callback': 'permissions' });
    expect(rejected.spans).toHaveLength(1);

    const unknown = await run('/api/nowhere/12345');
    expect(unknown.status).toBe(404);
    expect(unknown.server).toMatchObject({ error: 0, resource: 'GET' });
    // resourceRenamingEnabled: the unrouted request gets http.endpoint, a routed one none.
    expect(unknown.server.meta['http.endpoint']).toBe('/api/nowhere/{param:int}');
    expect(rejected.server.meta['http.endpoint']).toBeUndefined();
  });

  it('traces the guarded route once the guard lets it through, and an Observable handler', async () => {
    const allowed = await run('/api/v1/users/42/permissions', { 'x-api-key': 'demo' });
    expect(allowed.status).toBe(200);
    const permissions = named(allowed.spans, 'users.permissions');
    // Boolean attributes are metrics (1/0) in the Datadog span model.
    expect(permissions.metrics['cache.hit']).toBe(1);

    const activity = await run('/api/v1/users/42/activity');
    const span = named(activity.spans, 'UsersService.recentActivity');
    expect(span.parentId).toBe(named(activity.spans, 'nestjs.handler').spanId);
    expect(span.duration).toBeGreaterThan(1_000_000);
  });

  it('marks an InternalServerErrorException with its error tags', async () => {
    const { status, spans, server } = await run('/api/v1/users/boom');
    expect(status).toBe(500);
    expect(server).toMatchObject({ error: 1, resource: 'GET /api/v1/users/boom' });
    expect(server.meta).toMatchObject({
      'error.type': 'InternalServerErrorException',
      'error.message': 'the users database is unavailable',
    });
    expect(server.meta['error.stack']).toContain('InternalServerErrorException');
    expect(named(spans, 'nestjs.handler').error).toBe(1);
  });

  it("runs the guide's snippets inside the request", async () => {
    const { spans } = await run('/api/snippets');
    const handler = named(spans, 'nestjs.handler');
    const process = named(spans, 'checkout.process');
    expect(process).toMatchObject({ parentId: handler.spanId, resource: 'process order 42' });
    expect(named(spans, 'checkout.validate').parentId).toBe(process.spanId);
    expect(handler.meta['customer.id']).toBe('12345');
    expect(handler.metrics['cart.total']).toBe(99.95);
    const events = named(spans, 'events.demo').spanEvents ?? [];
    expect(events.map((event) => event.name)).toEqual(['Event With No Attributes', 'Event With Some Attributes', 'Event With A Timestamp']);
    expect(events[1]!.attributes).toMatchObject({
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    const exceptions = named(spans, 'exceptions.demo');
    expect(exceptions).toMatchObject({ error: 1 });
    expect(exceptions.spanEvents?.map((event) => event.name)).toEqual(['exception', 'exception']);
    expect(exceptions.spanEvents?.[1]?.attributes).toMatchObject({ 'retry.count': 2, status: 'failed' });
  });

  it('continues the trace in the downstream call', async () => {
    const { spans, server } = await run('/api/v1/downstream', {}, 2);
    const client = named(spans, 'http.request');
    const handler = spans.find((span) => span.name === 'nestjs.handler' && span.parentId === server.spanId)!;
    expect(client.parentId).toBe(handler.spanId);
    const callee = spans.find((span) => span.meta['span.kind'] === 'server' && span !== server)!;
    expect(callee).toMatchObject({ name: operation, resource: 'GET /api/v1/users/:id', parentId: client.spanId });
    expect(server.resource).toBe('GET /api/v1/downstream');
  });
});
