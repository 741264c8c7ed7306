/**
 * `shutdown()` end to end: every finished span reaches the Agent (proved by counts, over several
 * payloads and trace shapes, both protocols), a hanging Agent cannot hold shutdown forever, and
 * the OTel API stays harmless afterwards.
 */
import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { nextTurn, sleep, startTestProvider, until } from './guards.test-support.js';
import type { TestProvider } from './guards.test-support.js';
import { expectEverySpanAccounted, expectNothingEscaped } from './expectations.test-support.js';

let agent: FaultyAgent | undefined;
let subject: TestProvider | undefined;

afterEach(async () => {
  await subject?.close();
  await agent?.close();
  subject = agent = undefined;
});

/** A nested trace: `depth` levels, `fanOut` children per level below the root. */
function nestedTrace(tracer: Tracer, depth: number, fanOut: number): number {
  let count = 0;
  const grow = (parent: Span, level: number): void => {
    for (let i = 0; i < fanOut; i++) {
      const child = tracer.startSpan(`nested.${level}`, { attributes: { level, i } }, trace.setSpan(ROOT_CONTEXT, parent));
      count++;
      if (level < depth) grow(child, level + 1);
      child.end();
    }
  };
  const root = tracer.startSpan('nested.root');
  count++;
  grow(root, 1);
  root.end();
  return count;
}

/** Spans that end on later turns of the event loop, interleaved across traces. */
async function interleavedTraces(tracer: Tracer, traces: number): Promise<number> {
  await Promise.all(
    Array.from({ length: traces }, async (_, t) => {
      const root = tracer.startSpan('async.root');
      const parent = trace.setSpan(ROOT_CONTEXT, root);
      for (let i = 0; i < 3; i++) {
        const child = tracer.startSpan('async.child', { attributes: { t, i } }, parent);
        await nextTurn();
        child.end();
      }
      root.end();
    }),
  );
  return traces * 4;
}

describe('shutdown() delivers every finished span', () => {
  it.each(['0.4', '0.5'] as const)('N created, shutdown, N received (v%s)', async (protocolVersion) => {
    agent = await startFaultyAgent(always(HEALTHY));
    // A short flush interval: earlier phases leave as their own payloads (some may still be in
    // flight at shutdown); the last burst is still pending when shutdown() is called.
    subject = startTestProvider(agent.url, { protocolVersion, flushInterval: 50 });
    const { tracer } = subject;
    let created = 0;
    for (let i = 0; i < 50; i++) created += nestedTrace(tracer, 3, 3);
    await sleep(60);
    // Longer than flushMinSpans (1000): leaves as partial chunks while the root is open.
    const longRoot = tracer.startSpan('long.root');
    for (let i = 0; i < 1500; i++) tracer.startSpan('long.child', {}, trace.setSpan(ROOT_CONTEXT, longRoot)).end();
    longRoot.end();
    created += 1501;
    await sleep(60);
    created += await interleavedTraces(tracer, 200);
    for (let i = 0; i < 1000; i++) {
      tracer.startSpan('single', { attributes: { i, blob: 'x'.repeat(200) } }).end();
      created++;
    }
    subject.created = created;
    expect(subject.provider.getStats()!.queuedBytes).toBeGreaterThan(0);

    await subject.provider.shutdown();

    expect(agent.receivedSpans).toBe(created);
    expect(new Set(agent.dev.spans().map((span) => span.spanId)).size).toBe(created);
    expect(agent.dev.requests().length).toBeGreaterThan(2);
    expect(subject.provider.getStats()).toMatchObject({ spansSent: created, spansDropped: 0, retries: 0 });
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });

  it('resolves even when the Agent never answers, and counts what it could not deliver', async () => {
    agent = await startFaultyAgent(always({ kind: 'hang' }));
    subject = startTestProvider(agent.url);
    subject.createTraces(50);
    await subject.provider.shutdown();
    await until(() => agent!.openRequests === 0, 'the hanging request to be aborted');
    expect(subject.provider.getStats()).toMatchObject({ spansSent: 0, spansDropped: 150, queuedBytes: 0 });
    expectNothingEscaped(subject);
  });
});

describe('shutdown() with requests still in flight', () => {
  // Gap (see the report): finished spans wait in their trace until the local root ends, so
  // spans that finished under a still-open root are never sent when shutdown() comes first
  // (dd-trace-js behaves the same; the issue asks for every finished span).
  it('delivers the finished children of a trace whose root is still open', async () => {
    agent = await startFaultyAgent(always(HEALTHY));
    subject = startTestProvider(agent.url);
    const inFlight = subject.tracer.startSpan('request.in.flight');
    const parent = trace.setSpan(ROOT_CONTEXT, inFlight);
    subject.tracer.startSpan('db.query', {}, parent).end();
    subject.tracer.startSpan('cache.get', {}, parent).end();
    await subject.provider.shutdown();
    expect(agent.dev.spans().map((span) => span.name).sort()).toEqual(['cache.get', 'db.query']);
    inFlight.end();
    expectNothingEscaped(subject);
  });
});

describe('the OTel API after shutdown()', () => {
  it('is harmless: no throw, no request, non-recording spans, late ends counted as dropped', async () => {
    agent = await startFaultyAgent(always(HEALTHY));
    subject = startTestProvider(agent.url);
    const { provider, tracer } = subject;
    const listenersBefore = process.listenerCount('beforeExit');
    const openBefore = tracer.startSpan('open.at.shutdown');
    subject.createTraces(5);
    await provider.shutdown();
    expect(process.listenerCount('beforeExit')).toBe(listenersBefore - 1);
    const requestsAtShutdown = agent.dev.requests().length;

    expect(() => {
      openBefore.setAttribute('late', 1).addEvent('late').setStatus({ code: 2 });
      openBefore.recordException(new Error('late'));
      openBefore.end();
      const late = tracer.startSpan('after.shutdown', { attributes: { a: 1 } });
      expect(late.isRecording()).toBe(false);
      late.setAttributes({ b: 2 }).addLink({ context: openBefore.spanContext() }).updateName('x').end();
      const result = tracer.startActiveSpan('active.after.shutdown', (span) => {
        const carrier: Record<string, string> = {};
        new W3CTraceContextPropagator().inject(trace.setSpan(context.active(), span), carrier, {
          set: (c, k, v) => void ((c as Record<string, string>)[k] = v),
        });
        propagation.inject(context.active(), carrier);
        span.end();
        return carrier;
      });
      expect(result).toBeTypeOf('object');
      provider.getTracer('new.after.shutdown').startSpan('y').end();
      provider.addSpanProcessor({ onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} });
    }).not.toThrow();
    await expect(provider.forceFlush()).resolves.toBeUndefined();
    await expect(provider.shutdown()).resolves.toBeUndefined();
    await nextTurn();

    expect(agent.dev.requests()).toHaveLength(requestsAtShutdown);
    expect(provider.getStats()).toMatchObject({
      spansSent: 15,
      // The span that was open at shutdown ends later: counted, not sent.
      droppedByReason: { shutdown: { traces: 1, spans: 1 } },
    });
    expectNothingEscaped(subject);
  });
});
