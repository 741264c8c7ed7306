/**
 * The snippets of Datadog's "Custom instrumentation with the OpenTelemetry API" guide for Node.js,
 * run inside a request: plain OTel API, nothing dd-otel specific. The request span is the parent.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';

const tracer = trace.getTracer('fastify-demo', '0.1.0');

/** "Creating spans": an active custom span around a unit of work, with a child. */
async function createSpans(): Promise<void> {
  await tracer.startActiveSpan('work.process', async (span) => {
    span.setAttribute('resource.name', 'process order 42');
    await new Promise((resolve) => setTimeout(resolve, 5));
    tracer.startActiveSpan('work.validate', (child) => {
      child.setAttribute('items', 3);
      child.end();
    });
    span.end();
  });
}

/** "Adding span tags": the active span (here the request span) found from anywhere. */
function tagActiveSpan(): void {
  const active = trace.getActiveSpan();
  active?.setAttribute('customer.id', '12345');
  active?.setAttribute('customer.tier', 'gold');
  active?.setAttribute('cart.total', 99.95);
  active?.setAttribute('cart.skus', ['a-1', 'b-2']);
}

/** "Adding span events": attributes of every supported type, and an explicit timestamp. */
function addSpanEvents(): void {
  tracer.startActiveSpan('work.events', (span) => {
    span.addEvent('Event With No Attributes');
    span.addEvent('Event With Some Attributes', {
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    span.addEvent('Event With A Timestamp', { phase: 'late' }, Date.now() - 1000);
    span.end();
  });
}

/** "Recording exceptions": with and without attributes, then the span is marked failed. */
function recordExceptions(): void {
  tracer.startActiveSpan('work.exceptions', (span) => {
    try {
      throw new TypeError('payment declined');
    } catch (error) {
      span.recordException(error as Error);
      // dd-otel also accepts attributes as the second argument (as Datadog's Python API does); the
      // OTel API types that argument as a time, so widen the type once.
      const recordWithAttributes = span.recordException as unknown as (exception: unknown, attributes: Attributes) => void;
      recordWithAttributes.call(span, new Error('retry failed'), { 'retry.count': 2, status: 'failed' });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
    }
    span.end();
  });
}

/** Runs every snippet in the guide's order. */
export async function runGuideSnippets(): Promise<void> {
  await createSpans();
  tagActiveSpan();
  addSpanEvents();
  recordExceptions();
}
