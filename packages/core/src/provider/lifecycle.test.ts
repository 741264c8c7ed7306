import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { VERSION } from '../internal/version.js';
import { byName, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('tracing disabled', () => {
  it('gives non-recording spans that still carry the incoming trace, and sends nothing', async () => {
    harness = await startHarness({ enabled: false });
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const span = context.with(parent, () => harness!.tracer.startSpan('disabled'));
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.spanContext().spanId).not.toBe('b7ad6b7169203331');
    span.setAttribute('a', 1).end();
    await harness.provider.forceFlush();
    expect(harness.agent.requests()).toEqual([]);
  });
});

describe('span lifecycle', () => {
  it('counts only the first end(); later mutations are ignored', async () => {
    harness = await startHarness();
    const start = Date.now() - 100;
    const span = harness.tracer.startSpan('ended.twice', { startTime: start });
    span.end(start + 10);
    span.end(start + 50);
    span.setAttribute('late', 'x').addEvent('late').updateName('renamed');
    span.setStatus({ code: 2, message: 'late' });
    span.recordException(new Error('late'));
    expect(span.isRecording()).toBe(false);
    const [received] = await harness.collect(1);
    expect(received!.name).toBe('ended.twice');
    expect(received!.duration).toBe(10_000_000);
    expect(received!.error).toBe(0);
    expect(received!.meta.late).toBeUndefined();
    expect(received!.meta.events).toBeUndefined();
  });

  it('ends a span timed at the epoch itself once, even when end() is called again', async () => {
    harness = await startHarness();
    const span = harness.tracer.startSpan('at.epoch', { startTime: new Date(0) });
    span.end(new Date(0));
    span.end(new Date(0));
    expect(span.isRecording()).toBe(false);
    const received = await harness.collect(1);
    expect(received).toHaveLength(1);
    expect(String(received[0]!.start)).toBe('0');
    expect(received[0]!.duration).toBe(0);
    await harness.provider.forceFlush();
    expect(harness.agent.spans()).toHaveLength(1);
  });

  it('exports a trace chunk only when the local root and all its children ended', async () => {
    harness = await startHarness();
    const root = harness.tracer.startSpan('chunk.root');
    const child = harness.tracer.startSpan('chunk.child', {}, trace.setSpan(ROOT_CONTEXT, root));
    child.end();
    await harness.provider.forceFlush();
    expect(harness.agent.spans()).toHaveLength(0);
    root.end();
    const spans = await harness.collect(2);
    expect(harness.agent.traces()).toHaveLength(1);
    expect(byName(spans, 'chunk.child').parentId).toBe(byName(spans, 'chunk.root').spanId);
  });

  it('flushes a partial chunk when a long trace passes flushMinSpans', async () => {
    harness = await startHarness({ flushMinSpans: 10 });
    const root = harness.tracer.startSpan('long.root');
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 0; i < 25; i++) harness.tracer.startSpan(`long.child.${i}`, {}, parent).end();
    await harness.provider.forceFlush();
    await harness.agent.waitForSpans(20);
    expect(harness.agent.traces().length).toBeGreaterThanOrEqual(2);
    root.end();
    await harness.collect(26);
    const ids = new Set(harness.agent.spans().map((span) => span.traceId));
    expect(ids.size).toBe(1);
  });

  it('shutdown() delivers finished spans, is idempotent, and later API calls are harmless', async () => {
    harness = await startHarness();
    for (let i = 0; i < 50; i++) harness.tracer.startSpan(`before.shutdown.${i}`).end();
    await Promise.all([harness.provider.shutdown(), harness.provider.shutdown()]);
    expect(harness.agent.spans()).toHaveLength(50);
    const late = harness.tracer.startSpan('after.shutdown');
    expect(late.isRecording()).toBe(false);
    late.end();
    await expect(harness.provider.forceFlush()).resolves.toBeUndefined();
    expect(harness.agent.spans()).toHaveLength(50);
  });
});

describe('hostile input through the OTel API', () => {
  it('never throws and always produces a valid payload', async () => {
    harness = await startHarness();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const nasty: unknown[] = [
      undefined, null, NaN, Infinity, -Infinity, -0, 10n, Symbol('s'), () => 1, { nested: { deep: 1 } }, circular,
      [1, 'mixed'], [1, , 3], [[1]], 'x'.repeat(30_000), '\ud800lone', new Date(), Buffer.from('b'),
    ];
    const throwing = { get message(): string { throw new Error('getter'); }, get name(): string { throw new Error('getter'); } };
    const span = harness.tracer.startSpan('hostile', { attributes: { ok: 1, bad: circular as never } });
    nasty.forEach((value, index) => {
      span.setAttribute(`key.${index}`, value as never);
      span.addEvent(`event.${index}`, { value: value as never });
      span.recordException(value as never);
    });
    span.setAttribute('', 'empty key').setAttribute('__proto__', 'polluted');
    span.setAttributes(circular as never);
    span.recordException(throwing as never);
    span.addEvent(undefined as never, 12 as never);
    span.setStatus(undefined as never);
    span.addLink({ context: { traceId: 'bad', spanId: 'bad', traceFlags: 0 } });
    span.updateName(undefined as never);
    span.end();
    const [received] = await harness.collect(1);
    expect(harness.agent.problems()).toEqual([]);
    expect(received!.name).toBe('hostile');
    expect(received!.metrics.ok).toBe(1);
    expect(received!.meta['key.14']!.length).toBeLessThanOrEqual(25_003);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

it('keeps internal/version.ts equal to package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
