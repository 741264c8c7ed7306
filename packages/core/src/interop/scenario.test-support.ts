/**
 * Test support (not shipped). One small trace that uses every part of a span an exporter reads:
 * attributes of each type, an event with attributes, a link with attributes and a tracestate,
 * error and OK statuses, explicit start and end times, a parent and a child of another kind.
 */
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import type { SpanContext, Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';

export const LINKED_CONTEXT: SpanContext = Object.freeze({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: new TraceState('vendor=value'),
});

/** Epoch ms chosen on whole microseconds, so every time survives ms → HrTime → ns exactly. */
export const ROOT_START_MS = 1_767_225_600_000.25;
export const ROOT_END_MS = ROOT_START_MS + 40;
export const CHILD_START_MS = ROOT_START_MS + 5;
export const CHILD_END_MS = ROOT_START_MS + 30.5;
export const EVENT_MS = ROOT_START_MS + 10;

export interface ScenarioIds {
  traceId: string;
  rootSpanId: string;
  childSpanId: string;
}

/**
 * `checkout` (SERVER, OK) → `charge card` (CLIENT, ERROR with an event and a link). Ends both
 * spans and returns their ids.
 */
export function runScenario(tracer: Tracer): ScenarioIds {
  const root = tracer.startSpan('checkout', {
    kind: SpanKind.SERVER,
    startTime: ROOT_START_MS,
    attributes: {
      'http.request.method': 'POST',
      'http.route': '/checkout',
      'http.response.status_code': 200,
      'cart.items': ['book', 'pen'],
      'cart.express': true,
      'cart.total': 12.5,
    },
  });
  const child = tracer.startSpan(
    'charge card',
    {
      kind: SpanKind.CLIENT,
      startTime: CHILD_START_MS,
      attributes: { 'payment.provider': 'acme' },
      links: [{ context: LINKED_CONTEXT, attributes: { 'link.reason': 'retry-of' } }],
    },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('card.declined', { 'decline.code': 51, 'decline.soft': false }, EVENT_MS);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  child.end(CHILD_END_MS);
  root.setStatus({ code: SpanStatusCode.OK });
  root.end(ROOT_END_MS);
  return {
    traceId: root.spanContext().traceId,
    rootSpanId: root.spanContext().spanId,
    childSpanId: child.spanContext().spanId,
  };
}

/** `ms` epoch milliseconds as a decimal string of nanoseconds, without float rounding. */
export function msToNanosString(ms: number): string {
  const wholeMs = Math.floor(ms);
  const nanos = Math.round((ms - wholeMs) * 1e6);
  return (BigInt(wholeMs) * 1_000_000n + BigInt(nanos)).toString();
}
