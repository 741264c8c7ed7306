import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogModule } from './datadog.module.js';
import { serverSpanOf, spanNamed, spansOf, startTestTracing, tracedGet } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { ADAPTERS, startTestApp } from './testing/test-app.test-support.js';
import type { RunningApp } from './testing/test-app.test-support.js';

let tracing: TestTracing;

beforeAll(async () => {
  tracing = await startTestTracing();
});

afterAll(async () => {
  await tracing.close();
});

describe.each(ADAPTERS)('DatadogModule.forRoot() on the %s adapter', (adapter) => {
  let running: RunningApp;
  const operation = `${adapter}.request`;

  beforeAll(async () => {
    running = await startTestApp(adapter, { datadog: DatadogModule.forRoot({ handlerSpans: true }) });
  });

  afterAll(async () => {
    await running.close();
  });

  it('gives a routed request one server span named after the adapter, with the full route as resource', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/42?token=secret');
    expect(response.status).toBe(200);
    const spans = await spansOf(tracing.agent, response);
    const server = serverSpanOf(spans);
    expect(server).toMatchObject({
      name: operation,
      resource: 'GET /api/v1/users/:id',
      type: 'web',
      error: 0,
      parentId: response.clientSpanId,
    });
    expect(server.meta).toMatchObject({
      component: adapter,
      'span.kind': 'server',
      'http.method': 'GET',
      'http.route': '/api/v1/users/:id',
      'http.status_code': '200',
      'url.path': '/api/v1/users/42',
      'nestjs.controller': 'UsersController',
      'nestjs.callback': 'findOne',
      'nestjs.module': 'UsersModule',
    });
    expect(server.meta['http.url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/users\/42\?<redacted>$/);
  });

  it('keeps the handler span, then the traced provider span, active down the call chain', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/7');
    const body = response.json<Record<string, string>>();
    const spans = await spansOf(tracing.agent, response);
    const server = serverSpanOf(spans);
    const handler = spanNamed(spans, 'nestjs.handler');
    const service = spanNamed(spans, 'UsersService.findOne');
    expect(handler).toMatchObject({ resource: 'UsersController.findOne', parentId: server.spanId });
    expect(handler.meta).toMatchObject({ 'span.kind': 'internal', 'nestjs.type': 'handler', 'nestjs.callback': 'findOne' });
    expect(service.parentId).toBe(handler.spanId);
    expect(service.meta['code.function.name']).toBe('UsersService.findOne');
    expect(body['controllerSpanId']).toBe(handler.spanId);
    expect(body['afterAwaitSpanId']).toBe(handler.spanId);
    expect(body['serviceSpanId']).toBe(service.spanId);
    expect(body['untracedSpanId']).toBe(handler.spanId);
  });

  it('traces sync and Observable-returning provider methods', async () => {
    const sync = await tracedGet(running.baseUrl, '/api/v1/users/3/sync');
    const syncSpans = await spansOf(tracing.agent, sync);
    const lookup = spanNamed(syncSpans, 'users.sync-lookup');
    expect(lookup).toMatchObject({ resource: 'lookup by id', parentId: spanNamed(syncSpans, 'nestjs.handler').spanId });
    expect(lookup.meta['lookup.kind']).toBe('sync');
    expect(sync.json()['serviceSpanId']).toBe(lookup.spanId);

    const watched = await tracedGet(running.baseUrl, '/api/v1/users/5/watch');
    expect(watched.json()).toMatchObject({ id: 5 });
    const watchSpans = await spansOf(tracing.agent, watched);
    const watch = spanNamed(watchSpans, 'UsersService.watch');
    expect(watched.json()['serviceSpanId']).toBe(watch.spanId);
    // The span lasts until the Observable completed, after its 2 ms delay.
    expect(watch.duration).toBeGreaterThan(1_000_000);
  });

  it('keeps the metadata of decorated controller methods: routes and role guards still apply', async () => {
    const denied = await tracedGet(running.baseUrl, '/api/v1/users/secret');
    expect(denied.status).toBe(403);
    const allowed = await tracedGet(running.baseUrl, '/api/v1/users/secret', { 'x-role': 'admin' });
    expect(allowed.json()).toMatchObject({ secret: 'yes' });
    const deniedToo = await tracedGet(running.baseUrl, '/api/v1/users/secret-too');
    expect(deniedToo.status).toBe(403);
    const allowedToo = await tracedGet(running.baseUrl, '/api/v1/users/secret-too', { 'x-role': 'admin' });
    expect(allowedToo.json()).toEqual({ secret: 'too' });
    const allowedSpans = await spansOf(tracing.agent, allowed);
    expect(allowed.json()['controllerSpanId']).toBe(spanNamed(allowedSpans, 'UsersController.secret').spanId);
  });

  it('does not mark a request a guard rejected with 403, and still gives it its route', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/secret');
    const spans = await spansOf(tracing.agent, response);
    const server = serverSpanOf(spans);
    expect(server).toMatchObject({ resource: 'GET /api/v1/users/secret', error: 0 });
    expect(server.meta['http.status_code']).toBe('403');
    expect(server.meta['error.type']).toBeUndefined();
    // Guards run before interceptors: no handler span, and the traced method never ran.
    expect(spans.map((span) => span.name)).toEqual([operation]);
  });

  it('records an exception thrown in a guard', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/guard-crash');
    expect(response.status).toBe(500);
    const server = serverSpanOf(await spansOf(tracing.agent, response));
    expect(server).toMatchObject({ resource: 'GET /api/v1/users/guard-crash', error: 1 });
    expect(server.meta).toMatchObject({ 'error.type': 'TypeError', 'error.message': 'guard crashed' });
    expect(server.meta['error.stack']).toContain('CrashingGuard');
    expect(server.spanEvents?.map((event) => event.name)).toContain('exception');
  });

  it('marks InternalServerErrorException and unknown exceptions as errors', async () => {
    const boom = await tracedGet(running.baseUrl, '/api/v1/users/boom');
    expect(boom.status).toBe(500);
    const boomSpans = await spansOf(tracing.agent, boom);
    const server = serverSpanOf(boomSpans);
    expect(server).toMatchObject({ error: 1, resource: 'GET /api/v1/users/boom' });
    expect(server.meta).toMatchObject({ 'error.type': 'InternalServerErrorException', 'error.message': 'database unavailable' });
    expect(spanNamed(boomSpans, 'nestjs.handler')).toMatchObject({ error: 1 });

    const crash = await tracedGet(running.baseUrl, '/api/v1/users/crash');
    const crashServer = serverSpanOf(await spansOf(tracing.agent, crash));
    expect(crashServer).toMatchObject({ error: 1 });
    expect(crashServer.meta).toMatchObject({ 'error.type': 'TypeError', 'error.message': 'unexpected crash' });
    expect(crashServer.meta['error.stack']).toContain('TypeError: unexpected crash');
  });

  it('records a failing traced provider on its own span and on the request', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/service-failure');
    expect(response.status).toBe(500);
    const spans = await spansOf(tracing.agent, response);
    const failing = spanNamed(spans, 'UsersService.failing');
    expect(failing).toMatchObject({ error: 1 });
    expect(failing.meta).toMatchObject({ 'error.type': 'RangeError', 'error.message': 'service failed' });
    expect(serverSpanOf(spans).meta['error.type']).toBe('RangeError');
  });

  it('does not mark 4xx HttpExceptions, pipe validation failures or unknown routes as errors', async () => {
    for (const [path, status, resource] of [
      ['/api/v1/users/9/missing', 404, 'GET /api/v1/users/:id/missing'],
      ['/api/v1/users/bad-request', 400, 'GET /api/v1/users/bad-request'],
      ['/api/v1/users/not-a-number', 400, 'GET /api/v1/users/:id'],
      ['/api/nothing-here', 404, 'GET'],
    ] as const) {
      const response = await tracedGet(running.baseUrl, path);
      expect(response.status, path).toBe(status);
      const spans = await spansOf(tracing.agent, response);
      const server = serverSpanOf(spans);
      expect(server, path).toMatchObject({ resource, error: 0 });
      expect(server.meta['error.type'], path).toBeUndefined();
      expect(spans.every((span) => span.error === 0), path).toBe(true);
    }
  });

  it('leaves the span of a request answered by the app filter as the filter answered it', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/filtered');
    expect(response.status).toBe(418);
    expect(response.json()).toEqual({ teapot: true, message: 'short and stout' });
    const server = serverSpanOf(await spansOf(tracing.agent, response));
    expect(server).toMatchObject({ error: 0, resource: 'GET /api/v1/users/filtered' });
    expect(server.meta['http.status_code']).toBe('418');
  });

  it('starts a new trace when the request carries none', async () => {
    const marker = `root-${adapter}-${Date.now()}`;
    const response = await fetch(`${running.baseUrl}/api/v1/users/1?marker=${marker}`);
    expect(response.status).toBe(200);
    const server = await tracing.agent.waitFor((spans) => spans.find((span) => span.meta['http.url']?.includes(marker)));
    expect(server).toMatchObject({ name: operation, parentId: '0000000000000000', resource: 'GET /api/v1/users/:id' });
  });
});
