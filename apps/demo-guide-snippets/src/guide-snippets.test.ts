import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createGuideSnippets } from './guide-snippets.js';
import type { GuideSpanNames } from './guide-snippets.js';

/**
 * The snippets on the OTel SDK's own provider: they only use the OTel API, so the SDK must see the
 * guide's spans, parents, tags, events and exceptions. (What dd-otel makes of them in Datadog is
 * checked by each demo's test, decoded from a dev agent.)
 */

const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('guide-test');
const NAMES: GuideSpanNames = { work: 'work.process', workStep: 'work.validate', events: 'work.events', exceptions: 'work.exceptions' };

afterAll(() => {
  context.disable();
});
beforeEach(() => {
  exporter.reset();
});

function finished(name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no span ${name}`);
  return span;
}

describe('createGuideSnippets', () => {
  it('runs every snippet under the active span, in the guide order', async () => {
    const snippets = createGuideSnippets({ tracer, spanNames: NAMES, activeSpanTags: ['customer.id', 'cart.skus'], workDelayMs: 1 });
    await tracer.startActiveSpan('request', async (request) => {
      await snippets.runAll();
      request.end();
    });
    const request = finished('request');
    expect(request.attributes).toEqual({ 'customer.id': '12345', 'cart.skus': ['a-1', 'b-2'] });
    const parentOf = (name: string) => finished(name).parentSpanContext?.spanId;
    expect(['work.process', 'work.events', 'work.exceptions'].map(parentOf)).toEqual(Array(3).fill(request.spanContext().spanId));
    expect(parentOf('work.validate')).toBe(finished('work.process').spanContext().spanId);
    expect(finished('work.process').attributes).toEqual({ 'resource.name': 'process order 42' });

    const events = finished('work.events').events;
    expect(events.map((event) => event.name)).toEqual(['Event With No Attributes', 'Event With Some Attributes', 'Event With A Timestamp']);
    expect(events[1]!.attributes).toEqual({ int_val: 1, string_val: 'two', int_array: [3, 4], string_array: ['5', '6'], bool_array: [true, false] });

    const exceptions = finished('work.exceptions');
    expect(exceptions.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment declined' });
    expect(exceptions.events.map((event) => event.attributes?.['exception.message'])).toEqual(['payment declined', 'retry failed']);
  });

  it('tags a span of its own when given a name for it, with every guide tag by default', () => {
    createGuideSnippets({ tracer, spanNames: { ...NAMES, tags: 'tags.demo' } }).tagActiveSpan();
    expect(finished('tags.demo').attributes).toEqual({
      'customer.id': '12345',
      'customer.tier': 'gold',
      'cart.total': 99.95,
      'cart.gift': true,
      'cart.skus': ['a-1', 'b-2'],
    });
  });
});
