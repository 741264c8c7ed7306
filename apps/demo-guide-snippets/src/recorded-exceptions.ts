/**
 * "Recording exceptions" from Datadog's "custom instrumentation with the OpenTelemetry API" guide.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';

type RecordExceptionWithAttributes = (exception: unknown, attributes: Attributes) => void;

/**
 * dd-otel also accepts attributes as `recordException`'s second argument, as Datadog's Python API
 * does; the OTel API types that argument as a time, so the type is widened here, once.
 */
export function recordExceptionWithAttributes(span: Span, exception: unknown, attributes: Attributes): void {
  (span.recordException as unknown as RecordExceptionWithAttributes).call(span, exception, attributes);
}

/** A handled payment failure, recorded without and with attributes; then the span is marked failed. */
export function recordHandledFailure(span: Span): void {
  try {
    throw new TypeError('payment declined');
  } catch (error) {
    span.recordException(error as Error);
    recordExceptionWithAttributes(span, new Error('retry failed'), { 'retry.count': 2, status: 'failed' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
  }
}
