import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import type { Redis as RedisClient } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamingMode } from '../config/options.js';
import { ensureContextManager } from '../testing/harness.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';
import { findRedisServer, INSTALL_HINT, startRedisServer } from './redis-server.test-support.js';
import type { RedisServer } from './redis-server.test-support.js';

/**
 * `@opentelemetry/instrumentation-ioredis`, unchanged, on dd-otel's provider, against a real
 * Redis started by the test: the spans it makes and the Datadog names they get in each mode.
 */

const binary = findRedisServer();
const title = binary
  ? 'instrumentation-ioredis against a local redis-server'
  : `instrumentation-ioredis (SKIPPED: redis-server not installed; ${INSTALL_HINT})`;
if (!binary) console.warn(`[redis.test] redis-server not found: ${INSTALL_HINT}`);

let agent: DevAgent;
let redisServer: RedisServer;
let client: RedisClient;
const providers = new Map<NamingMode, DatadogTracerProvider>();
const instrumentation = new IORedisInstrumentation();

describe.skipIf(!binary)(title, () => {
  beforeAll(async () => {
    ensureContextManager();
    [agent, redisServer] = await Promise.all([startDevAgent({ port: 0 }), startRedisServer(binary!)]);
    for (const naming of ['datadog', 'otel-v2'] as const) {
      providers.set(naming, new DatadogTracerProvider({ url: agent.url, service: 'redis-interop', naming, flushInterval: 60_000 }));
    }
    registerInstrumentations({ instrumentations: [instrumentation], tracerProvider: providers.get('datadog')! });
    // Required after registration so require-in-the-middle patches it.
    const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    client = new Redis({ host: '127.0.0.1', port: redisServer.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
  });

  afterAll(async () => {
    instrumentation.disable();
    client?.disconnect();
    await redisServer?.close();
    for (const provider of providers.values()) await provider.shutdown();
    await agent?.close();
  });

  /** SET then GET under one manual parent span; returns the Datadog spans of that trace. */
  async function tracedCommands(naming: NamingMode): Promise<DevAgentSpan[]> {
    const provider = providers.get(naming)!;
    instrumentation.setTracerProvider(provider);
    const parent = provider.getTracer('interop-test').startSpan('cart.save');
    const value = await context.with(trace.setSpan(context.active(), parent), async () => {
      await client.set(`cart:${naming}`, 'three items');
      return client.get(`cart:${naming}`);
    });
    parent.end();
    expect(value).toBe('three items');
    await provider.forceFlush();
    const traceId = parent.spanContext().traceId;
    return agent.waitFor((spans) => {
      const inTrace = spans.filter((span) => span.traceId128 === traceId);
      return inTrace.length >= 3 ? inTrace : undefined;
    });
  }

  function command(spans: DevAgentSpan[], verb: 'set' | 'get'): DevAgentSpan {
    const span = spans.find((candidate) => candidate.meta['db.operation.name'] === verb);
    if (!span) throw new Error(`no ${verb} span in ${JSON.stringify(spans.map((s) => [s.name, s.meta]))}`);
    return span;
  }

  it('traces each command as a client span under the active span, with the database attributes', async () => {
    const spans = await tracedCommands('datadog');
    const parent = spans.find((span) => span.name === 'cart.save')!;
    for (const verb of ['set', 'get'] as const) {
      const span = command(spans, verb);
      expect(span.parentId).toBe(parent.spanId);
      // instrumentation-ioredis 0.71 emits the stable database semconv (`db.system.name`,
      // `db.query.text`), with the value obfuscated by the instrumentation itself.
      expect(span.meta).toMatchObject({
        'span.kind': 'client',
        'db.system.name': 'redis',
        'server.address': '127.0.0.1',
        '_dd.integration': 'otel.library',
      });
      expect(span.meta['db.query.text']).toBe(verb === 'set' ? 'set cart:datadog [1 other arguments]' : 'get cart:datadog');
      expect(span.metrics['server.port']).toBe(redisServer.port);
    }
    expect(agent.problems()).toEqual([]);
  });

  // 'otel-v2' follows the Datadog Agent's OTLP V2 rules, which key database naming on the
  // legacy `db.system` only: spans with the stable `db.system.name` fall through to the generic
  // client rule, exactly as the Agent names them when they arrive over OTLP.
  it.each([
    ['datadog', { set: ['set', 'set', ''], get: ['get', 'get', ''] }],
    ['otel-v2', { set: ['client.request', 'set', 'http'], get: ['client.request', 'get', 'http'] }],
  ] as const)('naming %s: [operation name, resource, type] per command', async (naming, expected) => {
    const spans = await tracedCommands(naming);
    for (const verb of ['set', 'get'] as const) {
      const span = command(spans, verb);
      expect([span.name, span.resource, span.type], verb).toEqual(expected[verb]);
    }
  });
});
