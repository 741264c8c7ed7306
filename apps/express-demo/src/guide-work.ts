/**
 * The snippets of Datadog's "Custom instrumentation with the OpenTelemetry API" guide (from
 * @dd-otel/demo-guide-snippets), run inside a request as one unit of work: they attach to the
 * request span through the active context.
 */
import { trace } from '@opentelemetry/api';
import { addGuideEvents, recordHandledFailure } from '@dd-otel/demo-guide-snippets';

const tracer = trace.getTracer('express-demo', '0.1.0');

export async function doGuideWork(): Promise<{ items: number }> {
  // "Adding span tags": the request span, found from anywhere in the handler.
  trace.getActiveSpan()?.setAttribute('customer.id', '12345');

  // "Creating spans": a child of the request span, active while the work runs.
  return tracer.startActiveSpan('work.process', async (span) => {
    try {
      span.setAttribute('work.items', 3);
      trace.getActiveSpan()?.setAttribute('work.tier', 'gold');
      addGuideEvents(span, { withEventWithoutAttributes: false, timestampAgoMs: 100 });
      await new Promise((resolve) => setTimeout(resolve, 2));
      recordHandledFailure(span);
      return { items: 3 };
    } finally {
      span.end();
    }
  });
}
