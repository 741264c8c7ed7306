import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogModule } from './datadog.module.js';
import { serverSpanOf, spanNamed, spansOf, startTestTracing, tracedGet } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { ADAPTERS, startTestApp } from './testing/test-app.test-support.js';

const SETTINGS = Symbol('settings');

@Injectable()
class Settings {
  async load(): Promise<{ service: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { service: 'nest-async-service' };
  }
}

@Module({ providers: [{ provide: SETTINGS, useClass: Settings }], exports: [SETTINGS] })
class SettingsModule {}

describe('DatadogModule.forRoot() option checks', () => {
  it.each([
    [{ servise: 'x' }, /unknown option "servise"; did you mean "service"\?/],
    [{ service: '' }, /invalid option "service"/],
    [{ handlerSpans: 'yes' }, /invalid option "handlerSpans": expected true or false \(got "yes"\)/],
    [{ recordExceptionsBeforeFilters: 1 }, /invalid option "recordExceptionsBeforeFilters": expected true or false \(got 1\)/],
    [{ headers: 'x-request-id' }, /invalid option "headers"/],
    [{ hooks: { response: () => undefined } }, /invalid option "hooks"/],
    ['fast', /options must be an object/],
  ])('rejects %j with a TypeError naming it', (options, message) => {
    expect(() => DatadogModule.forRoot(options as never)).toThrow(TypeError);
    expect(() => DatadogModule.forRoot(options as never)).toThrow(message);
  });

  it('accepts the common web options and handlerSpans', () => {
    const module = DatadogModule.forRoot({
      service: 'users',
      ignore: ['/health', /^\/internal/, (path) => path === '/x'],
      headers: ['x-request-id'],
      validateStatus: (status) => status < 500,
      queryStringObfuscation: true,
      hooks: { request: () => undefined },
      handlerSpans: true,
      recordExceptionsBeforeFilters: true,
    });
    expect(module).toMatchObject({ module: DatadogModule, global: true });
  });

  it.each([
    [undefined, /expected an object/],
    [{}, /invalid option "useFactory": expected a function/],
    [{ useFactory: () => ({}), inject: 'Settings' }, /invalid option "inject": expected an array/],
    [{ useFactory: () => ({}), useClass: Settings }, /unknown option "useClass"/],
  ])('forRootAsync(%j) throws a TypeError naming the problem', (options, message) => {
    expect(() => DatadogModule.forRootAsync(options as never)).toThrow(message);
  });
});

describe('DatadogModule.forRootAsync()', () => {
  let tracing: TestTracing;

  beforeAll(async () => {
    tracing = await startTestTracing();
  });

  afterAll(async () => {
    await tracing.close();
  });

  it.each(ADAPTERS)('takes its options from an injected factory (%s)', async (adapter) => {
    const datadog = DatadogModule.forRootAsync({
      imports: [SettingsModule],
      inject: [SETTINGS],
      useFactory: async (settings: Settings) => ({ ...(await settings.load()), handlerSpans: true }),
    });
    const running = await startTestApp(adapter, { datadog });
    try {
      const response = await tracedGet(running.baseUrl, '/api/v1/users/11');
      expect(response.status).toBe(200);
      const spans = await spansOf(tracing.agent, response);
      const server = serverSpanOf(spans);
      expect(server).toMatchObject({ name: `${adapter}.request`, service: 'nest-async-service', resource: 'GET /api/v1/users/:id' });
      expect(spanNamed(spans, 'nestjs.handler').parentId).toBe(server.spanId);
    } finally {
      await running.close();
    }
  });

  it.each(ADAPTERS)('honours ignore, service and hooks.request (%s)', async (adapter) => {
    const hooked: string[] = [];
    const running = await startTestApp(adapter, {
      datadog: DatadogModule.forRoot({
        service: 'nest-options',
        ignore: ['/api/v1/users/13'],
        hooks: {
          request: (span, req, res) => {
            hooked.push(`${req.method} ${res.statusCode}`);
            span.setAttribute('hooked', true);
          },
        },
      }),
    });
    try {
      const ignored = await tracedGet(running.baseUrl, '/api/v1/users/13');
      expect(ignored.status).toBe(200);
      const traced = await tracedGet(running.baseUrl, '/api/v1/users/14');
      const server = serverSpanOf(await spansOf(tracing.agent, traced));
      expect(server).toMatchObject({ service: 'nest-options', resource: 'GET /api/v1/users/:id' });
      expect(server.metrics['hooked']).toBe(1);
      expect(hooked).toEqual(['GET 200']);
      expect(tracing.agent.spans().some((span) => span.traceId === ignored.traceId.slice(16) && span.meta['span.kind'] === 'server')).toBe(false);
    } finally {
      await running.close();
    }
  });

  it('rejects the bootstrap with a TypeError when the factory returns a bad option', async () => {
    @Module({ imports: [DatadogModule.forRootAsync({ useFactory: () => ({ handlerSpans: 1 }) as never })] })
    class BadModule {}
    await expect(NestFactory.create(BadModule, new ExpressAdapter(), { logger: false, abortOnError: false })).rejects.toThrow(
      /@dd-otel\/nestjs: invalid option "handlerSpans"/,
    );
  });

  it('works in an application context without HTTP (nothing to trace, nothing breaks)', async () => {
    @Injectable()
    class Worker {
      constructor(@Inject(SETTINGS) readonly settings: Settings) {}
    }
    @Module({ imports: [SettingsModule, DatadogModule.forRoot()], providers: [Worker] })
    class WorkerModule {}
    const context = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    expect(context.get(Worker).settings).toBeInstanceOf(Settings);
    await context.close();
  });
});
