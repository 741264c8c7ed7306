import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadableSpanLike, SpanProcessor } from '../provider/span-processor.js';
import { byName, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';
import {
  CHILD_END_MS,
  CHILD_START_MS,
  EVENT_MS,
  LINKED_CONTEXT,
  ROOT_END_MS,
  ROOT_START_MS,
  runScenario,
} from './scenario.test-support.js';

/**
 * Standard OTel SDK span processors plugged into dd-otel's provider: they must see the same
 * spans the SDK's own provider would give them, while Datadog still receives everything.
 */

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function finished(exporter: InMemorySpanExporter, name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no finished span ${name}`);
  return span;
}

/** The parts of a ReadableSpan that do not depend on random ids or on the resource. */
function comparable(span: ReadableSpan | ReadableSpanLike) {
  return {
    name: span.name,
    kind: span.kind,
    hasParent: span.parentSpanContext !== undefined,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((event) => ({ ...event, droppedAttributesCount: event.droppedAttributesCount ?? 0 })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      traceState: link.context.traceState?.serialize(),
      attributes: link.attributes,
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
    })),
    ended: span.ended,
    instrumentationScope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version },
    dropped: [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount],
  };
}

describe('spanProcessors option', () => {
  it('gives a SimpleSpanProcessor complete ReadableSpans, and Datadog still gets the trace', async () => {
    const exporter = new InMemorySpanExporter();
    harness = await startHarness({ spanProcessors: [new SimpleSpanProcessor(exporter)], env: 'test', version: '2.0.0' });
    const ids = runScenario(harness.provider.getTracer('shop', '1.2.3'));

    const root = finished(exporter, 'checkout');
    const child = finished(exporter, 'charge card');
    expect(root.spanContext()).toMatchObject({ traceId: ids.traceId, spanId: ids.rootSpanId });
    expect(root.parentSpanContext).toBeUndefined();
    expect(child.parentSpanContext).toMatchObject({ traceId: ids.traceId, spanId: ids.rootSpanId });
    expect([root.kind, child.kind]).toEqual([SpanKind.SERVER, SpanKind.CLIENT]);
    expect(root.startTime).toEqual([1_767_225_600, 250_000]);
    expect(root.endTime).toEqual([1_767_225_600, 40_250_000]);
    expect(root.duration).toEqual([0, 40_000_000]);
    expect(child.duration).toEqual([0, (CHILD_END_MS - CHILD_START_MS) * 1e6]);
    expect(root.status).toEqual({ code: SpanStatusCode.OK });
    expect(child.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
    expect(root.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/checkout',
      'http.response.status_code': 200,
      'cart.items': ['book', 'pen'],
      'cart.express': true,
      'cart.total': 12.5,
    });
    expect(child.events).toEqual([
      {
        name: 'card.declined',
        time: [1_767_225_600, (EVENT_MS - ROOT_START_MS + 0.25) * 1e6],
        attributes: { 'decline.code': 51, 'decline.soft': false },
        droppedAttributesCount: 0,
      },
    ]);
    expect(child.links).toHaveLength(1);
    expect(child.links[0]!.context).toMatchObject({ traceId: LINKED_CONTEXT.traceId, spanId: LINKED_CONTEXT.spanId });
    expect(child.links[0]!.context.traceState?.serialize()).toBe('vendor=value');
    expect(child.links[0]!.attributes).toEqual({ 'link.reason': 'retry-of' });
    expect(child.instrumentationScope).toEqual({ name: 'shop', version: '1.2.3' });
    expect(child.resource.attributes).toMatchObject({
      'service.name': 'test-service',
      'deployment.environment.name': 'test',
      'service.version': '2.0.0',
    });
    expect(child.ended).toBe(true);

    const received = await harness.collect(2);
    expect(byName(received, 'charge card')).toMatchObject({ error: 1, service: 'test-service' });
    expect(byName(received, 'checkout').meta['cart.items.1']).toBe('pen');
  });

  it('hands processors the same ReadableSpan the OTel SDK provider builds for the same calls', async () => {
    const ours = new InMemorySpanExporter();
    harness = await startHarness({ spanProcessors: [new SimpleSpanProcessor(ours)] });
    runScenario(harness.provider.getTracer('shop', '1.2.3'));

    const sdk = new InMemorySpanExporter();
    const sdkProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(sdk)] });
    runScenario(sdkProvider.getTracer('shop', '1.2.3'));
    // Not shutdown(): that would also clear the in-memory exporter.
    await sdkProvider.forceFlush();

    for (const name of ['checkout', 'charge card']) {
      expect(comparable(finished(ours, name))).toEqual(comparable(finished(sdk, name)));
    }
    // Exporters also read the resource through the SDK Resource interface.
    const resource = finished(ours, 'checkout').resource;
    expect(resource.asyncAttributesPending).toBe(false);
    expect(resource.getRawAttributes()).toContainEqual(['service.name', 'test-service']);
    expect(typeof resource.merge).toBe('function');
  });
});

describe('addSpanProcessor', () => {
  it('reaches spans started after it was added, with onStart, onEnding and onEnd in order', async () => {
    harness = await startHarness();
    const tracer = harness.provider.getTracer('late');
    tracer.startSpan('before').end();

    const calls: string[] = [];
    let startParent: Span | undefined;
    const processor: SpanProcessor = {
      onStart(span: Span, parentContext: Context) {
        calls.push(`start ${(span as unknown as ReadableSpanLike).name}`);
        startParent ??= trace.getSpan(parentContext);
        // SDK processors commonly enrich spans here (e.g. baggage → attributes).
        span.setAttribute('enriched.on.start', true);
      },
      onEnding(span: Span) {
        calls.push('ending');
        span.setAttribute('enriched.on.ending', 'yes');
      },
      onEnd(span: ReadableSpanLike) {
        calls.push(`end ${span.name} ${String(span.attributes['enriched.on.ending'])}`);
      },
      forceFlush: async () => void calls.push('flush'),
      shutdown: async () => void calls.push('shutdown'),
    };
    harness.provider.addSpanProcessor(processor);
    harness.provider.addSpanProcessor(processor);

    const parent = tracer.startSpan('parent');
    tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, parent)).end();
    parent.end();

    expect(startParent).toBe(parent);
    expect(calls).toEqual(['start parent', 'start child', 'ending', 'end child yes', 'ending', 'end parent yes']);
    const received = await harness.collect(3);
    expect(calls).toContain('flush');
    expect(byName(received, 'child').meta['enriched.on.ending']).toBe('yes');
    expect(byName(received, 'child').metrics['enriched.on.start']).toBe(1);
    expect(byName(received, 'before').metrics['enriched.on.start']).toBeUndefined();
    await harness.close();
    harness = undefined;
    expect(calls.filter((call) => call === 'shutdown')).toHaveLength(1);
  });

  it('keeps tracing when a processor throws, and the other processors still run', async () => {
    const exporter = new InMemorySpanExporter();
    const broken: SpanProcessor = {
      onStart() {
        throw new Error('onStart broke');
      },
      onEnd() {
        throw new Error('onEnd broke');
      },
      forceFlush: () => Promise.reject(new Error('flush broke')),
      shutdown: () => Promise.reject(new Error('shutdown broke')),
    };
    harness = await startHarness({ spanProcessors: [broken, new SimpleSpanProcessor(exporter)], logLevel: 'none' });
    const tracer = harness.provider.getTracer('robust');
    const result = context.with(ROOT_CONTEXT, () => {
      const span = tracer.startSpan('survives');
      span.end();
      return 'app value';
    });
    expect(result).toBe('app value');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['survives']);
    await expect(harness.provider.forceFlush()).resolves.toBeUndefined();
    expect((await harness.collect(1))[0]!.name).toBe('survives');
  });
});
