import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, TraceFlags, context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import type { DiagLogger, SpanContext } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

/**
 * The OpenTelemetry API's own entry points, used the way app code and libraries use them, with
 * dd-otel registered as the global provider: the API keeps its documented behaviour.
 */

const appLog: Array<[level: string, message: string]> = [];
/** Component loggers pass their namespace as the first argument; keep the line as printed. */
const record =
  (level: string) =>
  (...args: unknown[]): void =>
    void appLog.push([level, args.map(String).join(' ')]);
const appLogger: DiagLogger = {
  error: record('error'),
  warn: record('warn'),
  info: record('info'),
  debug: record('debug'),
  verbose: record('verbose'),
};

let agent: DevAgent;
let provider: DatadogTracerProvider;

beforeAll(async () => {
  // The app's own diag logger, registered before dd-otel starts, as OTel documents.
  diag.setLogger(appLogger, DiagLogLevel.WARN);
  process.env.DD_TRACE_RATE_LIMIT = 'plenty';
  agent = await startDevAgent({ port: 0 });
  provider = new DatadogTracerProvider({ url: agent.url, service: 'api-interop', flushInterval: 60_000 });
  delete process.env.DD_TRACE_RATE_LIMIT;
  expect(provider.register()).toBe(true);
});

afterAll(async () => {
  await provider.shutdown();
  await agent.close();
  trace.disable();
  propagation.disable();
  context.disable();
  diag.disable();
});

const tracer = () => trace.getTracer('api-test', '1.0.0');

async function exported(name: string): Promise<DevAgentSpan> {
  await provider.forceFlush();
  return agent.waitFor((spans) => spans.find((span) => span.name === name));
}

describe('global registration', () => {
  it('serves trace.getTracer() from dd-otel through the API proxy', async () => {
    tracer().startSpan('via.global.api').end();
    expect((await exported('via.global.api')).service).toBe('api-interop');
  });
});

describe('context.with, trace.setSpan, trace.getActiveSpan', () => {
  it('makes a span active inside the callback only, across awaits, and restores the outer one', async () => {
    const outer = tracer().startSpan('outer');
    const inner = tracer().startSpan('inner', {}, trace.setSpan(ROOT_CONTEXT, outer));
    await context.with(trace.setSpan(context.active(), outer), async () => {
      expect(trace.getActiveSpan()).toBe(outer);
      await context.with(trace.setSpan(context.active(), inner), async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        expect(trace.getActiveSpan()).toBe(inner);
      });
      expect(trace.getActiveSpan()).toBe(outer);
    });
    expect(trace.getActiveSpan()).toBeUndefined();
    inner.end();
    outer.end();
    expect((await exported('inner')).parentId).toBe(outer.spanContext().spanId);
  });

  it('keeps the context bound with context.bind() for event emitter callbacks', () => {
    const span = tracer().startSpan('bound');
    const emitter = context.bind(trace.setSpan(ROOT_CONTEXT, span), new EventEmitter());
    let seen: unknown;
    emitter.on('tick', () => (seen = trace.getActiveSpan()));
    emitter.emit('tick');
    span.end();
    expect(seen).toBe(span);
  });
});

describe('trace.wrapSpanContext', () => {
  it('continues a foreign trace: same trace id, its span as parent, its sampling decision', async () => {
    const remote: SpanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    const wrapped = trace.wrapSpanContext(remote);
    expect(wrapped.isRecording()).toBe(false);
    const child = tracer().startSpan('continues.remote', {}, trace.setSpan(ROOT_CONTEXT, wrapped));
    expect(child.spanContext().traceId).toBe(remote.traceId);
    child.end();
    const received = await exported('continues.remote');
    expect(received.traceId128).toBe(remote.traceId);
    expect(received.parentId).toBe(remote.spanId);
    expect(received.metrics._sampling_priority_v1).toBe(1);
  });
});

describe('propagation.inject / propagation.extract with the registered propagator', () => {
  it('writes Datadog, W3C and baggage headers and reads them back into an equal remote context', async () => {
    const span = tracer().startSpan('outgoing');
    const baggage = propagation.createBaggage({ 'user.id': { value: 'u-42' } });
    const outgoing = propagation.setBaggage(trace.setSpan(ROOT_CONTEXT, span), baggage);
    const headers: Record<string, string> = {};
    propagation.inject(outgoing, headers);
    const { traceId, spanId } = span.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(headers['x-datadog-trace-id']).toBe(BigInt(`0x${traceId.slice(16)}`).toString());
    expect(headers['x-datadog-parent-id']).toBe(BigInt(`0x${spanId}`).toString());
    expect(headers['x-datadog-sampling-priority']).toBe('1');
    expect(headers.baggage).toBe('user.id=u-42');
    expect(propagation.fields()).toEqual(expect.arrayContaining(['traceparent', 'x-datadog-trace-id', 'baggage']));

    const incoming = propagation.extract(ROOT_CONTEXT, headers);
    expect(trace.getSpanContext(incoming)).toMatchObject({ traceId, spanId, isRemote: true, traceFlags: TraceFlags.SAMPLED });
    expect(propagation.getBaggage(incoming)?.getEntry('user.id')?.value).toBe('u-42');

    const server = tracer().startSpan('incoming', {}, incoming);
    server.end();
    span.end();
    const received = await exported('incoming');
    expect(received.parentId).toBe(spanId);
    expect(received.meta['baggage.user.id']).toBe('u-42');
  });

  it('extracts nothing from headers without a trace, so the next span starts a new trace', () => {
    const extracted = propagation.extract(ROOT_CONTEXT, { 'content-type': 'text/plain' });
    expect(trace.getSpanContext(extracted)).toBeUndefined();
  });
});

describe('suppressTracing from @opentelemetry/core', () => {
  it('gives non-recording spans inside a suppressed context and exports nothing for them', async () => {
    const parent = tracer().startSpan('suppression.parent');
    const suppressed = suppressTracing(trace.setSpan(ROOT_CONTEXT, parent));
    const quiet = context.with(suppressed, () => {
      expect(isTracingSuppressed(context.active())).toBe(true);
      return tracer().startSpan('suppressed.child');
    });
    expect(quiet.isRecording()).toBe(false);
    quiet.end();
    parent.end();
    await exported('suppression.parent');
    expect(agent.spans().some((span) => span.name === 'suppressed.child')).toBe(false);
  });
});

describe('diag', () => {
  it("logs through the app's own diag logger, once, prefixed, and never replaces it", () => {
    const warnings = appLog.filter(([level, message]) => level === 'warn' && message.includes('DD_TRACE_RATE_LIMIT'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toMatch(/^@dd-otel\/core /);
    expect(warnings[0]![1]).toContain('plenty');
    diag.warn('app message');
    expect(appLog.at(-1)).toEqual(['warn', 'app message']);
  });

  it("respects the level the app chose: nothing below WARN reaches the app's logger", () => {
    diag.debug('debug detail');
    expect(appLog.some(([level]) => level === 'debug' || level === 'verbose')).toBe(false);
  });
});
