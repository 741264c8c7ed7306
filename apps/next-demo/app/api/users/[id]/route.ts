import { SpanStatusCode, trace } from '@opentelemetry/api';
import { addGuideEvents, recordExceptionWithAttributes } from '@dd-otel/demo-guide-snippets';

const tracer = trace.getTracer('next-demo');

/** The snippets of Datadog's "custom instrumentation with the OpenTelemetry API" guide. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;

  // Add tags to the active span (Next's route handler span).
  trace.getActiveSpan()?.setAttribute('user.id', id);

  const user = await tracer.startActiveSpan('user.lookup', async (span) => {
    span.setAttribute('customer.tier', 'gold');
    span.setAttributes({ 'cart.items': 3, 'cart.gift': true });
    addGuideEvents(span, { timestampAgoMs: 5 });

    // A handled exception: recorded, but the span is not an error.
    span.recordException(new TypeError('cache miss'));

    await tracer.startActiveSpan('user.db_query', async (child) => {
      // dd-otel also takes attributes as the second argument (Datadog's Python API does).
      recordExceptionWithAttributes(child, new Error('replica timeout'), { 'retry.count': 2 });
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'replica timeout' });
      child.end();
    });

    span.end();
    return { id, name: `user-${id}` };
  });

  return Response.json(user);
}
