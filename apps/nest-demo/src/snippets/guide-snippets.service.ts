import { Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';

const tracer = trace.getTracer('nest-demo', '0.1.0');

/**
 * The snippets of Datadog's "custom instrumentation with the OpenTelemetry API" guide, run inside
 * a Nest request: they only use the OTel API, and find the request's span as the active one.
 */
@Injectable()
export class GuideSnippetsService {
  /** "Creating spans": a unit of work with a child, both active while they run. */
  async createSpans(): Promise<void> {
    await tracer.startActiveSpan('checkout.process', async (span) => {
      span.setAttribute('resource.name', 'process order 42');
      await new Promise((resolve) => setTimeout(resolve, 2));
      tracer.startActiveSpan('checkout.validate', (child) => {
        child.setAttribute('items', 3);
        child.end();
      });
      span.end();
    });
  }

  /** "Adding span tags": the active span (here, the request's) gets attributes from anywhere. */
  tagActiveSpan(): void {
    const active = trace.getActiveSpan();
    active?.setAttribute('customer.id', '12345');
    active?.setAttribute('customer.tier', 'gold');
    active?.setAttribute('cart.total', 99.95);
  }

  /** "Adding span events": every attribute type, and an explicit timestamp. */
  addEvents(): void {
    tracer.startActiveSpan('events.demo', (span) => {
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
  recordExceptions(): void {
    tracer.startActiveSpan('exceptions.demo', (span) => {
      try {
        throw new TypeError('payment declined');
      } catch (error) {
        span.recordException(error as Error);
        // dd-otel also takes attributes as the second argument (as Datadog's Python API does);
        // the OTel API types that argument as a time.
        const recordWithAttributes = span.recordException as unknown as (exception: unknown, attributes: Attributes) => void;
        recordWithAttributes.call(span, new Error('retry failed'), { 'retry.count': 2, status: 'failed' });
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
      }
      span.end();
    });
  }
}
