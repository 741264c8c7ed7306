import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT_CONTEXT, SpanKind, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatadogTracer } from './tracer.js';
import { MAX_ATTRIBUTES_PER_SPAN } from '../span/attributes.js';
import { DatadogSpan } from '../span/span.js';
import { byName, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.agent.problems()).toEqual([]);
  await harness.close();
});

function spansOfTrace(traceIdHex: string) {
  return harness.agent.spans().filter((span) => span.traceId128 === traceIdHex || span.traceId === traceIdHex.slice(16));
}

describe('startActiveSpan overloads', () => {
  it('passes options and an explicit parent context, returns the callback value, leaves the span open', async () => {
    const parent = harness.tracer.startSpan('explicit.parent');
    const parentContext = trace.setSpan(ROOT_CONTEXT, parent);
    let captured: Span | undefined;
    const value = harness.tracer.startActiveSpan('overload.four', { kind: SpanKind.CLIENT, attributes: { a: 1 } }, parentContext, (span) => {
      captured = span;
      return 42;
    });
    expect(value).toBe(42);
    expect(captured!.isRecording()).toBe(true);
    captured!.end();
    parent.end();
    await harness.collect(2);
    const [child] = spansOfTrace(parent.spanContext().traceId).filter((span) => span.name === 'overload.four');
    expect(child!.parentId).toBe(parent.spanContext().spanId);
    expect(child!.meta['span.kind']).toBe('client');
    expect(child!.metrics).toMatchObject({ a: 1, '_dd.measured': 1 });
  });

  it('returns undefined without a callback instead of throwing', () => {
    const call = harness.tracer.startActiveSpan as unknown as (name: string) => unknown;
    expect(call.call(harness.tracer, 'no-callback')).toBeUndefined();
  });

  it('returns the promise of an async callback', async () => {
    const result = harness.tracer.startActiveSpan('async.callback', async (span) => {
      await sleep(1);
      span.end();
      return 'done';
    });
    await expect(result).resolves.toBe('done');
  });
});

describe('active span across async boundaries', () => {
  it('survives await, timers, promises and event emitters', async () => {
    const emitter = new EventEmitter();
    const seen: Array<string | undefined> = [];
    const idOf = () => trace.getActiveSpan()?.spanContext().spanId;
    let rootId = '';
    await harness.tracer.startActiveSpan('async.root', async (root) => {
      rootId = root.spanContext().spanId;
      await sleep(2);
      seen.push(idOf());
      await new Promise<void>((resolve) => setTimeout(() => { seen.push(idOf()); resolve(); }, 1));
      await Promise.resolve().then(() => seen.push(idOf()));
      emitter.on('ping', () => seen.push(idOf()));
      setImmediate(() => emitter.emit('ping'));
      await sleep(2);
      await harness.tracer.startActiveSpan('async.child', async (child) => {
        await sleep(1);
        harness.tracer.startSpan('async.grandchild').end();
        child.end();
      });
      root.end();
    });
    expect(seen).toEqual([rootId, rootId, rootId, rootId]);
    expect(trace.getActiveSpan()).toBeUndefined();
    const spans = spansOfTrace((await harness.collect(3), harness.agent.spans().find((s) => s.name === 'async.root')!).traceId128);
    const child = byName(spans, 'async.child');
    expect(child.parentId).toBe(rootId);
    expect(byName(spans, 'async.grandchild').parentId).toBe(child.spanId);
  });
});

describe('startSpan options', () => {
  it('honours root, kind, links and every startTime form', async () => {
    const linked = harness.tracer.startSpan('linked');
    const times = {
      ms: Date.now() - 5000,
      date: new Date(Date.now() - 4000),
      hr: [Math.floor((Date.now() - 3000) / 1000), 500_000_000] as [number, number],
      relative: performance.now() - 2000,
    };
    await harness.tracer.startActiveSpan('outer', async (outer) => {
      const root = harness.tracer.startSpan('forced.root', { root: true, kind: SpanKind.SERVER, links: [{ context: linked.spanContext(), attributes: { why: 'fan-in' } }] });
      expect(root.spanContext().traceId).not.toBe(outer.spanContext().traceId);
      root.end();
      for (const [form, startTime] of Object.entries(times)) {
        harness.tracer.startSpan(`time.${form}`, { startTime }).end();
      }
      outer.end();
    });
    linked.end();
    const spans = await harness.collect(7);
    const root = byName(spans, 'forced.root');
    expect(root.parentId).toBe('0000000000000000');
    expect(root.meta['span.kind']).toBe('server');
    expect(JSON.parse(root.meta['_dd.span_links']!)).toEqual([
      { trace_id: linked.spanContext().traceId, span_id: linked.spanContext().spanId, attributes: { why: 'fan-in' }, flags: 1, tracestate: linked.spanContext().traceState?.serialize() },
    ]);
    const startMs = (name: string) => Number(BigInt(byName(spans, name).start) / 1_000_000n);
    expect(Math.abs(startMs('time.ms') - times.ms)).toBeLessThan(2);
    expect(Math.abs(startMs('time.date') - times.date.getTime())).toBeLessThan(2);
    expect(Math.abs(startMs('time.hr') - (times.hr[0] * 1000 + 500))).toBeLessThan(2);
    expect(Math.abs(startMs('time.relative') - (performance.timeOrigin + times.relative))).toBeLessThan(2);
  });

  it('gives OTel hex ids and sampled flags in spanContext()', () => {
    const span = harness.tracer.startSpan('ids');
    const spanContext = span.spanContext();
    expect(spanContext.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spanContext.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanContext.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(spanContext.traceState?.get('dd')).toContain('s:1');
    span.end();
  });

  it('continues a remote parent from another process', async () => {
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    context.with(remote, () => harness.tracer.startSpan('remote.child').end());
    const spans = await harness.collect(1).then(() => spansOfTrace('0af7651916cd43dd8448eb211c80319c'));
    expect(spans).toHaveLength(1);
    expect(spans[0]!.parentId).toBe('b7ad6b7169203331');
    expect(spans[0]!.meta['_dd.p.tid']).toBe('0af7651916cd43dd');
  });
});

describe('trace ids', () => {
  it('a trace started here is sent without its id text ever being built', async () => {
    const span = harness.tracer.startSpan('id.words', {}, ROOT_CONTEXT);
    span.end();
    await harness.collect(1);
    expect(byName(harness.agent.spans(), 'id.words').resource).toBe('id.words');
    const trace = (span as unknown as { trace: object }).trace;
    expect(Reflect.get(trace, 'hex')).toBeUndefined();
    // Asked for now, the text names the trace that was sent.
    expect(spansOfTrace(span.spanContext().traceId).map((s) => s.name)).toEqual(['id.words']);
  });
});

describe('trace id time', () => {
  it('a new trace takes its id\'s seconds from its root\'s start, the one clock read', () => {
    // Date.now is not read: a wrong wall clock there would show in the id.
    const dateNow = vi.spyOn(Date, 'now').mockReturnValue(0);
    try {
      const span = harness.tracer.startSpan('id.time', {}, ROOT_CONTEXT) as unknown as { startMs: number; end(): void; spanContext(): { traceId: string } };
      span.end();
      expect(span.spanContext().traceId.slice(0, 8)).toBe(Math.floor(span.startMs / 1000).toString(16));
    } finally {
      dateNow.mockRestore();
    }
  });
});

describe('start attributes', () => {
  it('are the span\'s own copy: later changes to the object or its arrays do not reach the span', async () => {
    const start: Record<string, unknown> = { 'http.method': 'GET', tags: ['a', 'b'], retries: 2, ok: true };
    for (let i = 0; i < 16; i++) start[`extra.${i}`] = `value ${i}`;
    const span = harness.tracer.startSpan('start.attributes', { attributes: start as never });
    start['http.method'] = 'POST';
    (start.tags as string[])[0] = 'changed';
    start.added = 'late';
    span.setAttribute('set.later', 'yes');
    span.end();
    await harness.collect(1);
    const [sent] = harness.agent.spans().filter((s) => s.name === 'start.attributes');
    expect(sent!.meta).toMatchObject({ 'http.method': 'GET', 'tags.0': 'a', 'tags.1': 'b', 'extra.15': 'value 15', 'set.later': 'yes' });
    expect(sent!.meta.added).toBeUndefined();
    expect(sent!.metrics).toMatchObject({ retries: 2, ok: 1 });
  });

  it('drop what is invalid and keep the rest, whichever copy path runs', async () => {
    const withGetter = { good: 'kept', nested: { no: 1 } as never, get boom(): string { throw new Error('getter'); } };
    const span = harness.tracer.startSpan('start.attributes.invalid', { attributes: withGetter });
    span.end();
    await harness.collect(1);
    const [sent] = harness.agent.spans().filter((s) => s.name === 'start.attributes.invalid');
    expect(sent!.meta.good).toBe('kept');
    expect(Object.keys(sent!.meta).filter((key) => key.startsWith('nested') || key === 'boom')).toEqual([]);
  });

  it('never take an own __proto__ entry as a prototype (JSON.parse input)', async () => {
    const parsed = JSON.parse('{"__proto__": {"inherited": "no"}, "a": "b"}') as Record<string, string>;
    const span = harness.tracer.startSpan('start.attributes.proto', { attributes: parsed });
    span.end();
    await harness.collect(1);
    const [sent] = harness.agent.spans().filter((s) => s.name === 'start.attributes.proto');
    expect(sent!.meta.a).toBe('b');
    expect(sent!.meta.inherited).toBeUndefined();
  });

  it('startSpanWithOwnAttributes: the span keeps the object itself, of the kind asked for', async () => {
    const own: Record<string, unknown> = { 'http.method': 'GET', retries: 2, cached: true };
    const tracer = harness.tracer;
    expect(tracer).toBeInstanceOf(DatadogTracer);
    if (!(tracer instanceof DatadogTracer)) return;
    const span = tracer.startSpanWithOwnAttributes('start.attributes.own', SpanKind.SERVER, own as never, ROOT_CONTEXT);
    span.setAttribute('set.later', 'yes');
    expect(own['set.later']).toBe('yes');
    expect((span as unknown as { kind: SpanKind }).kind).toBe(SpanKind.SERVER);
    span.end();
    await harness.collect(1);
    const [sent] = harness.agent.spans().filter((s) => s.name === 'start.attributes.own');
    expect(sent!.meta['http.method']).toBe('GET');
    expect(sent!.meta['set.later']).toBe('yes');
    expect(sent!.metrics.retries).toBe(2);
    expect(sent!.metrics.cached).toBe(1);
  });

  it('startSpanWithOwnAttributes with a count: adopted as it is, the count toward the bound', () => {
    const own: Record<string, unknown> = { 'http.method': 'GET', 'network.peer.port': 5 };
    const tracer = harness.tracer;
    if (!(tracer instanceof DatadogTracer)) throw new Error('not a DatadogTracer');
    const span = tracer.startSpanWithOwnAttributes('start.attributes.counted', SpanKind.SERVER, own as never, ROOT_CONTEXT, 2) as DatadogSpan;
    expect(span.attributes).toBe(own);
    for (let i = 0; i < MAX_ATTRIBUTES_PER_SPAN; i++) span.setAttribute(`k${i}`, i);
    expect(Object.keys(own)).toHaveLength(MAX_ATTRIBUTES_PER_SPAN);
    expect(own[`k${MAX_ATTRIBUTES_PER_SPAN - 3}`]).toBe(MAX_ATTRIBUTES_PER_SPAN - 3);
    expect(own[`k${MAX_ATTRIBUTES_PER_SPAN - 2}`]).toBeUndefined();
    span.end();
  });

  it('startSpanWithOwnAttributes: an entry of another type takes the careful path, on a copy', async () => {
    const own = { good: 'kept', nested: { no: 1 }, list: ['x'] } as never;
    const tracer = harness.tracer;
    expect(tracer).toBeInstanceOf(DatadogTracer);
    if (!(tracer instanceof DatadogTracer)) return;
    const span = tracer.startSpanWithOwnAttributes('start.attributes.own.invalid', SpanKind.INTERNAL, own, ROOT_CONTEXT);
    span.setAttribute('set.later', 'yes');
    span.end();
    await harness.collect(1);
    const [sent] = harness.agent.spans().filter((s) => s.name === 'start.attributes.own.invalid');
    expect(sent!.meta.good).toBe('kept');
    expect(Object.keys(sent!.meta).filter((key) => key.startsWith('nested'))).toEqual([]);
    expect(Object.keys(own)).toEqual(['good', 'nested', 'list']);
  });
});
