import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogModule } from './datadog.module.js';
import { serverSpanOf, spansOf, startTestTracing, tracedGet } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { ADAPTERS, startTestApp } from './testing/test-app.test-support.js';
import type { RunningApp } from './testing/test-app.test-support.js';

/**
 * The global interceptors Nest will run. Read from Nest's application config (not public API):
 * the point of these tests is that the default module adds none.
 */
function globalInterceptors(app: INestApplication): unknown[] {
  const config = (app as unknown as { config: { getGlobalInterceptors(): unknown[] } }).config;
  return config.getGlobalInterceptors().filter((interceptor) => interceptor !== null && interceptor !== undefined);
}

let tracing: TestTracing;

beforeAll(async () => {
  tracing = await startTestTracing();
});

afterAll(async () => {
  await tracing.close();
});

describe.each(ADAPTERS)('DatadogModule.forRoot() with default options on the %s adapter', (adapter) => {
  let running: RunningApp;
  const operation = `${adapter}.request`;

  beforeAll(async () => {
    running = await startTestApp(adapter, { datadog: DatadogModule.forRoot() });
  });

  afterAll(async () => {
    await running.close();
  });

  it('installs no global interceptor', () => {
    expect(globalInterceptors(running.app)).toEqual([]);
  });

  it('tags the request span with the controller method and the route, and adds no other span', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/42');
    expect(response.status).toBe(200);
    const spans = await spansOf(tracing.agent, response);
    const server = serverSpanOf(spans);
    expect(server).toMatchObject({ name: operation, resource: 'GET /api/v1/users/:id', error: 0 });
    expect(server.meta).toMatchObject({
      'http.route': '/api/v1/users/:id',
      'nestjs.controller': 'UsersController',
      'nestjs.callback': 'findOne',
      'nestjs.module': 'UsersModule',
    });
    expect(spans.map((span) => span.name).sort()).toEqual([operation, 'UsersService.findOne'].sort());
    // The handler and the services it calls run with the request span active.
    const body = response.json<Record<string, string>>();
    expect(body['controllerSpanId']).toBe(server.spanId);
    expect(body['afterAwaitSpanId']).toBe(server.spanId);
    expect(body['untracedSpanId']).toBe(server.spanId);
  });

  it('tags a request the controller\'s own guard denies, without marking it', async () => {
    const response = await tracedGet(running.baseUrl, '/api/v1/users/secret');
    expect(response.status).toBe(403);
    const server = serverSpanOf(await spansOf(tracing.agent, response));
    expect(server).toMatchObject({ resource: 'GET /api/v1/users/secret', error: 0 });
    expect(server.meta).toMatchObject({ 'http.status_code': '403', 'nestjs.controller': 'UsersController', 'nestjs.callback': 'secret' });
    expect(server.meta['error.type']).toBeUndefined();
  });

  it.each([
    ['a guard', '/api/v1/users/guard-crash', 'TypeError', 'guard crashed'],
    ['a pipe', '/api/v1/users/pipe-crash?n=1', 'TypeError', 'pipe crashed'],
    ['a handler', '/api/v1/users/crash', 'TypeError', 'unexpected crash'],
    ['a handler (HttpException 5xx)', '/api/v1/users/boom', 'InternalServerErrorException', 'database unavailable'],
    ['an async provider', '/api/v1/users/service-failure', 'RangeError', 'service failed'],
  ])('records an exception thrown in %s on the request span', async (_where, path, type, message) => {
    const response = await tracedGet(running.baseUrl, path);
    expect(response.status).toBe(500);
    const server = serverSpanOf(await spansOf(tracing.agent, response));
    expect(server).toMatchObject({ error: 1 });
    expect(server.meta).toMatchObject({ 'error.type': type, 'error.message': message });
    expect(server.meta['error.stack']).toContain(message);
    expect(server.spanEvents?.map((event) => event.name)).toContain('exception');
  });

  it('does not mark 4xx HttpExceptions or pipe validation failures', async () => {
    for (const [path, status] of [
      ['/api/v1/users/9/missing', 404],
      ['/api/v1/users/not-a-number', 400],
    ] as const) {
      const response = await tracedGet(running.baseUrl, path);
      expect(response.status, path).toBe(status);
      const server = serverSpanOf(await spansOf(tracing.agent, response));
      expect(server, path).toMatchObject({ error: 0 });
      expect(server.meta['error.type'], path).toBeUndefined();
      expect(server.meta['nestjs.controller'], path).toBe('UsersController');
    }
  });
});

describe('a request denied by a guard the app added with app.useGlobalGuards()', () => {
  it.each(ADAPTERS)('keeps its tags: the module\'s guard ran first (%s)', async (adapter) => {
    const denyAll = { canActivate: () => false };
    const running = await startTestApp(adapter, { datadog: DatadogModule.forRoot(), beforeListen: (app) => void app.useGlobalGuards(denyAll) });
    try {
      const response = await tracedGet(running.baseUrl, '/api/v1/users/8');
      expect(response.status).toBe(403);
      const server = serverSpanOf(await spansOf(tracing.agent, response));
      expect(server).toMatchObject({ error: 0, resource: 'GET /api/v1/users/:id' });
      expect(server.meta).toMatchObject({ 'nestjs.controller': 'UsersController', 'nestjs.callback': 'findOne' });
    } finally {
      await running.close();
    }
  });
});

describe('DatadogModule.forRootAsync()', () => {
  it.each([
    [{}, 0],
    [{ handlerSpans: true }, 1],
  ])('decides on the interceptor once the factory resolved %j', async (options, count) => {
    const datadog = DatadogModule.forRootAsync({ useFactory: async () => options });
    const running = await startTestApp('express', { datadog });
    try {
      expect(globalInterceptors(running.app)).toHaveLength(count);
      const response = await tracedGet(running.baseUrl, '/api/v1/users/5/sync');
      expect(serverSpanOf(await spansOf(tracing.agent, response)).meta['nestjs.callback']).toBe('sync');
    } finally {
      await running.close();
    }
  });
});

/**
 * The trade-off of running no interceptor: an exception the app answers with a filter Nest asks
 * before the module's (a controller-scoped one, or a global one added with
 * `app.useGlobalFilters()`) is never seen. An error status still marks the span, by its status.
 * `recordExceptionsBeforeFilters` brings the exception back, at the interceptor's price.
 */
describe.each(ADAPTERS)('exceptions answered by the app\'s own filters on the %s adapter', (adapter) => {
  // Both filters of the test app answer with 4xx: make those errors so that exceptions count.
  const validateStatus = (status: number): boolean => status < 400;
  const ANSWERED = [
    ['a global filter added with app.useGlobalFilters()', '/api/v1/users/filtered', 418, 'TeapotError'],
    ['a controller-scoped filter', '/api/v1/rewritten/missing', 422, 'NotFoundException'],
  ] as const;

  it.each(ANSWERED)('by default, marks a request answered by %s from its status only', async (_by, path, status) => {
    const running = await startTestApp(adapter, { datadog: DatadogModule.forRoot({ validateStatus }) });
    try {
      const response = await tracedGet(running.baseUrl, path);
      expect(response.status).toBe(status);
      const server = serverSpanOf(await spansOf(tracing.agent, response));
      expect(server).toMatchObject({ error: 1 });
      expect(server.meta['error.type']).toBe(String(status));
      expect(server.meta['error.message']).toBeUndefined();
    } finally {
      await running.close();
    }
  });

  it.each(ANSWERED)('with recordExceptionsBeforeFilters, records the exception answered by %s', async (_by, path, status, type) => {
    const running = await startTestApp(adapter, { datadog: DatadogModule.forRoot({ validateStatus, recordExceptionsBeforeFilters: true }) });
    try {
      expect(globalInterceptors(running.app)).toHaveLength(1);
      const response = await tracedGet(running.baseUrl, path);
      expect(response.status).toBe(status);
      const spans = await spansOf(tracing.agent, response);
      const server = serverSpanOf(spans);
      expect(server).toMatchObject({ error: 1 });
      expect(server.meta['error.type']).toBe(type);
      // Exceptions, not handler spans: those stay behind `handlerSpans`.
      expect(spans).toHaveLength(1);
    } finally {
      await running.close();
    }
  });
});
