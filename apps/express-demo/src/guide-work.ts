/**
 * The snippets of Datadog's "Custom instrumentation with the OpenTelemetry API" guide, run
 * inside a request: they attach to the request span through the active context.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';

const tracer = trace.getTracer('express-demo', '0.1.0');

/** dd-otel accepts attributes as recordException's second argument (Datadog's Python API does too). */
type RecordExceptionWithAttributes = (exception: unknown, attributes: Attributes) => void;

export async function doGuideWork(): Promise<{ items: number }> {
  // "Adding span tags": the request span, found from anywhere in the handler.
  trace.getActiveSpan()?.setAttribute('customer.id', '12345');

  // "Creating spans": a child of the request span, active while the work runs.
  return tracer.startActiveSpan('work.process', async (span) => {
    try {
      span.setAttribute('work.items', 3);
      trace.getActiveSpan()?.setAttribute('work.tier', 'gold');
      // "Adding span events": every attribute type, and one event with an explicit timestamp.
      span.addEvent('Event With Some Attributes', {
        int_val: 1,
        string_val: 'two',
        int_array: [3, 4],
        string_array: ['5', '6'],
        bool_array: [true, false],
      });
      span.addEvent('Event With A Timestamp', { phase: 'late' }, Date.now() - 100);
      await new Promise((resolve) => setTimeout(resolve, 2));
      // "Recording exceptions": a handled failure, with and without extra attributes.
      try {
        throw new TypeError('payment declined');
      } catch (error) {
        span.recordException(error as Error);
        (span.recordException as unknown as RecordExceptionWithAttributes).call(span, new Error('retry failed'), {
          'retry.count': 2,
          status: 'failed',
        });
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
      }
      return { items: 3 };
    } finally {
      span.end();
    }
  });
}
