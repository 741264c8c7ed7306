import { SpanStatusCode } from '@opentelemetry/api';
import type { Exception, Span } from '@opentelemetry/api';
import { httpExceptionStatus } from './http-exception.js';

/** Default success rule for exceptions outside a request's own policy: 5xx is an error. */
export const isNotServerError = (status: number): boolean => status < 500;

function asException(error: unknown): Exception {
  if (typeof error === 'object' && error !== null) return error as Exception;
  return String(error);
}

function succeeded(validateStatus: (status: number) => boolean, status: number): boolean {
  try {
    return validateStatus(status) !== false;
  } catch {
    return isNotServerError(status);
  }
}

/**
 * True when an exception means the work failed: anything that is not an `HttpException`, or an
 * `HttpException` whose status `validateStatus` rejects (5xx by default). A 404 or 403 thrown on
 * purpose is an answer, not a failure.
 */
export function isFailure(error: unknown, validateStatus: (status: number) => boolean = isNotServerError): boolean {
  const status = httpExceptionStatus(error);
  return status === undefined || !succeeded(validateStatus, status);
}

/**
 * Marks a span failed by an exception (exception event, `error.type/message/stack`, status
 * ERROR) unless `isFailure` says the exception is an expected answer. Never throws.
 */
export function recordSpanFailure(span: Span, error: unknown, validateStatus?: (status: number) => boolean): void {
  try {
    if (!isFailure(error, validateStatus)) return;
    const exception = asException(error);
    span.recordException(exception);
    const message = typeof exception === 'string' ? exception : exception.message;
    span.setStatus(typeof message === 'string' ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR });
  } catch {
    // A span implementation that throws must not turn into an app error.
  }
}
