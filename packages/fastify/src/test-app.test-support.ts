/**
 * Test support: one Fastify app with every scenario the plugin must handle, built on either
 * major. Routes record what `trace.getActiveSpan()` returned in each hook, for the context tests.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { FastifyFactory } from './harness.test-support.js';
import datadogFastify from './index.js';
import type { DatadogFastifyOptions } from './types.js';

/** Per request id (`x-test-id` header): hook or handler name → was the request span active there? */
export type ActiveSpanLog = Map<string, Record<string, boolean | string>>;

function note(log: ActiveSpanLog, request: FastifyRequest, where: string): void {
  const id = request.headers['x-test-id'];
  if (typeof id !== 'string') return;
  const entry = log.get(id) ?? {};
  const active = trace.getActiveSpan();
  entry[where] = active !== undefined && active === request.datadogSpan;
  log.set(id, entry);
}

function httpError(message: string, statusCode: number): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

export interface TestApp {
  app: FastifyInstance;
  activeSpans: ActiveSpanLog;
  /** URLs of the `/slow` requests whose handler returned (after its client may have gone). */
  slowHandlersDone: string[];
}

/** Builds the app (plugin first, then hooks and routes) without listening. */
export async function buildTestApp(
  Fastify: FastifyFactory,
  pluginOptions?: DatadogFastifyOptions,
  serverOptions: FastifyServerOptions = {},
): Promise<TestApp> {
  const activeSpans: ActiveSpanLog = new Map();
  const slowHandlersDone: string[] = [];
  const app = Fastify(serverOptions);
  await app.register(datadogFastify, pluginOptions ?? {});

  for (const hook of ['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend'] as const) {
    app.addHook(hook, (request: FastifyRequest, _reply: FastifyReply, ...rest: unknown[]) => {
      note(activeSpans, request, hook);
      const done = rest[rest.length - 1] as (error?: Error | null, value?: unknown) => void;
      // preParsing, preSerialization and onSend pass their payload on.
      done(null, rest.length > 1 ? rest[0] : undefined);
    });
  }
  app.addHook('onError', async (request) => note(activeSpans, request, 'onError'));

  app.get('/hello', async () => 'hello');
  app.get('/sync', (request, reply) => {
    note(activeSpans, request, 'handler');
    reply.send({ ok: true });
  });
  app.get('/async', async (request) => {
    note(activeSpans, request, 'handler');
    await sleep(5);
    note(activeSpans, request, 'handler after await');
    return { ok: true };
  });
  app.post('/echo', async (request) => {
    note(activeSpans, request, 'handler');
    return request.body;
  });
  app.get('/child', async (request) => {
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('child.work', async (child: Span) => {
      child.setAttribute('request.span.id', request.datadogSpan?.spanContext().spanId ?? '');
      child.end();
    });
    return 'ok';
  });
  app.get('/boom', async () => {
    throw new TypeError('boom');
  });
  app.get('/sync-boom', () => {
    throw new RangeError('sync boom');
  });
  app.get('/send-error', (_request, reply) => {
    reply.send(new Error('sent as error'));
  });
  app.get('/hook-error', { preHandler: async () => Promise.reject(new Error('preHandler failed')) }, async () => 'never');
  app.get('/bad', async () => {
    throw httpError('bad input', 400);
  });
  app.get('/unavailable', async (_request, reply) => reply.code(503).send('try later'));
  app.get('/slow', async (request) => {
    await sleep(Number((request.query as { ms?: string }).ms ?? 1000));
    slowHandlersDone.push(request.url);
    return 'late';
  });
  app.post('/slow-upload', async () => 'uploaded');
  app.get('/untraced', { config: { datadog: false } }, async (request) => {
    note(activeSpans, request, 'handler');
    return { span: request.datadogSpan === null ? 'none' : 'some' };
  });

  await app.register(
    async (api) => {
      api.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
      await api.register(
        async (nested) => {
          nested.get('/items/:itemId', async () => 'item');
        },
        { prefix: '/nested' },
      );
    },
    { prefix: '/api' },
  );
  return { app, activeSpans, slowHandlersDone };
}
