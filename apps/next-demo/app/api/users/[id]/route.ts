import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';

const tracer = trace.getTracer('next-demo');

/** The snippets of Datadog's "custom instrumentation with the OpenTelemetry API" guide. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;

  // Add tags to the active span (Next's route handler span).
  trace.getActiveSpan()?.setAttribute('user.id', id);

  const user = await tracer.startActiveSpan('user.lookup', async (span) => {
    span.setAttribute('customer.tier', 'gold');
    span.setAttributes({ 'cart.items': 3, 'cart.gift': true });
    span.addEvent('Event With No Attributes');
    span.addEvent('Event With Some Attributes', {
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    span.addEvent('Event With A Timestamp', { phase: 'late' }, Date.now() - 5);

    // A handled exception: recorded, but the span is not an error.
    span.recordException(new TypeError('cache miss'));

    await tracer.startActiveSpan('user.db_query', async (child) => {
      // dd-otel also takes attributes as the second argument (Datadog's Python API does).
      const recordWithAttributes = child.recordException as unknown as (exception: unknown, attributes: Attributes) => void;
      recordWithAttributes.call(child, new Error('replica timeout'), { 'retry.count': 2 });
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'replica timeout' });
      child.end();
    });

    span.end();
    return { id, name: `user-${id}` };
  });

  return Response.json(user);
}
