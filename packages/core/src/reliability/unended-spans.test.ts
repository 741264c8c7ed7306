/**
 * Spans the app never ends must not leak. The bound, as designed:
 * - nothing global holds a trace: a `LocalTrace` is reachable only from its spans (and from
 *   contexts holding them), so once the app drops a never-ended span, the span, its trace and
 *   the trace's finished-but-unsent spans are garbage;
 * - while the app does hold an open span, the finished spans buffered in its trace are at most
 *   `flushMinSpans` (default 1000): at that count they leave as a partial chunk.
 */
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatadogSpan } from '../span/span.js';
import { bundleScript, lastJsonLine, runScript } from './child-process.test-support.js';
import type { BundledScript } from './child-process.test-support.js';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { startTestProvider } from './guards.test-support.js';
import type { TestProvider } from './guards.test-support.js';
import { expectNothingEscaped } from './expectations.test-support.js';

const GC_CHILD_SOURCE = `
import { writeSync } from 'node:fs';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new DatadogTracerProvider({ url: process.argv[2], service: 'gc-test', logLevel: 'none' });
const tracer = provider.getTracer('gc-test');
const refs = [];

async function abandonSpans(count) {
  for (let i = 0; i < count; i++) {
    // A request whose handler forgot end(): root and one child never ended, one child ended.
    const root = tracer.startSpan('never.ended', { attributes: { payload: 'x'.repeat(1000), i } });
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    const done = tracer.startSpan('ended.child', { attributes: { payload: 'y'.repeat(1000) } }, parent);
    done.end();
    const open = tracer.startSpan('open.child', {}, parent);
    // Also active in an async context that has finished by the time we collect.
    await context.with(trace.setSpan(context.active(), open), () => new Promise((resolve) => setImmediate(resolve)));
    if (i % 50 === 0) refs.push(new WeakRef(root), new WeakRef(done), new WeakRef(open), new WeakRef(root.trace));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
await abandonSpans(200); // warm-up: compiled code and pooled buffers are not a leak
await settle();
refs.length = 0;
globalThis.gc(); globalThis.gc();
const before = process.memoryUsage().heapUsed;
await abandonSpans(5000);
await settle();
globalThis.gc(); globalThis.gc();
const after = process.memoryUsage().heapUsed;
const alive = refs.filter((ref) => ref.deref() !== undefined).length;
await provider.shutdown();
writeSync(1, JSON.stringify({ alive, tracked: refs.length, heapGrowthBytes: after - before, stats: provider.getStats() }) + '\\n');
`;

describe('spans never ended', () => {
  let child: BundledScript;
  beforeAll(async () => {
    child = await bundleScript(GC_CHILD_SOURCE, 'gc-child');
  });
  afterAll(() => child?.remove());

  it('are garbage-collected with their trace once the app drops them (run with --expose-gc)', async () => {
    const agent = await startFaultyAgent(always(HEALTHY));
    try {
      const result = await runScript(child.path, { args: [agent.url], nodeOptions: ['--expose-gc'] });
      expect(result).toMatchObject({ code: 0, stderr: '', killedAfterTimeout: false });
      const report = lastJsonLine<{ alive: number; tracked: number; heapGrowthBytes: number }>(result);
      expect(report.tracked).toBe(400);
      expect(report.alive).toBe(0);
      // 5000 abandoned traces carry ~10 MB of attribute strings: had any been kept, the heap
      // would have grown by that much.
      expect(report.heapGrowthBytes).toBeLessThan(2 * 1024 * 1024);
      // Never-ended traces are never sent, and their ended children went down with them.
      expect(agent.receivedSpans).toBe(0);
    } finally {
      await agent.close();
    }
  });
});

describe('finished spans held by a trace whose root is still open', () => {
  let agent: FaultyAgent;
  let subject: TestProvider;
  afterEach(async () => {
    await subject?.close();
    await agent?.close();
  });

  it('never exceed flushMinSpans: they leave as partial chunks while the root stays open', async () => {
    agent = await startFaultyAgent(always(HEALTHY));
    const flushMinSpans = 1000;
    subject = startTestProvider(agent.url, { flushMinSpans });
    const root = subject.tracer.startSpan('long.running') as DatadogSpan;
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    let largestBuffer = 0;
    for (let i = 0; i < 10_500; i++) {
      subject.tracer.startSpan('unit.of.work', { attributes: { i } }, parent).end();
      largestBuffer = Math.max(largestBuffer, root.trace.finished.length);
      // Small payloads: the dev agent decodes them in this same process.
      if (i % 2000 === 1999) await subject.provider.forceFlush();
    }
    expect(largestBuffer).toBeLessThanOrEqual(flushMinSpans - 1);
    expect(root.trace.finished).toHaveLength(500);
    await subject.provider.forceFlush();
    expect(agent.receivedSpans).toBe(10_000);

    root.end();
    await subject.provider.forceFlush();
    expect(agent.receivedSpans).toBe(10_501);
    expect(new Set(agent.dev.spans().map((span) => span.traceId)).size).toBe(1);
    expect(agent.dev.problems()).toEqual([]);
    expectNothingEscaped(subject);
  });
});
