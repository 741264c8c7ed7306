import type { Attributes, AttributeValue, Span, SpanKind } from '@opentelemetry/api';

/**
 * What the Next.js span processor reads from a live span. Both dd-otel's `DatadogSpan` and the
 * OTel SDK's `Span` expose these fields while the span is still writable (in `onStart` and
 * `onEnding`), so the processor works with either provider without depending on one.
 */
export interface WritableSpanView extends Span {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly instrumentationScope?: { readonly name: string };
  /** OTel SDK 1.x name of `instrumentationScope`. */
  readonly instrumentationLibrary?: { readonly name: string };
}

/** Next.js creates its spans with this tracer name (`trace.getTracer('next.js', version)`). */
export const NEXT_TRACER_NAME = 'next.js';

/** Next's request span type: the root of every request it handles. */
export const REQUEST_SPAN_TYPE = 'BaseServer.handleRequest';

/** The span as a `WritableSpanView`, or undefined when it does not expose its attributes. */
export function asWritableSpan(span: Span | undefined): WritableSpanView | undefined {
  if (span === undefined || span === null) return undefined;
  const attributes = (span as Partial<WritableSpanView>).attributes;
  return attributes !== null && typeof attributes === 'object' ? (span as WritableSpanView) : undefined;
}

/** `next.span_type` of a span Next.js created, or undefined for any other span. */
export function nextSpanType(span: WritableSpanView): string | undefined {
  const type = span.attributes['next.span_type'];
  if (typeof type !== 'string' || type === '') return undefined;
  const scope = span.instrumentationScope ?? span.instrumentationLibrary;
  // Spans without a scope (unusual providers) are trusted on their `next.span_type` alone.
  return scope === undefined || scope.name === NEXT_TRACER_NAME ? type : undefined;
}

export function isRequestSpan(span: WritableSpanView): boolean {
  return nextSpanType(span) === REQUEST_SPAN_TYPE;
}

export function stringAttribute(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A status code attribute, whether Next wrote it as a number or a string. */
export function statusCodeAttribute(attributes: Attributes, key: string): number | undefined {
  const value: AttributeValue | undefined = attributes[key];
  const code = typeof value === 'string' ? Number(value) : value;
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 999 ? code : undefined;
}
