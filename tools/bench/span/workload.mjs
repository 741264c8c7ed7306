// The guide's custom-instrumentation snippet, as measured in perf/anchors.md: per child span
// startActiveSpan + setAttribute + addEvent with attributes + getActiveSpan + end; `children` of
// them inside one parent span ("a request"), then a yield so exporters' timers and sockets run.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';

const EVENT_ATTRIBUTES = { int_val: 1, string_val: 'two' };

/**
 * Runs `parents` parents of `children` child spans. Returns how many times `getActiveSpan()` was
 * not the span just started (must be 0 for a real provider; the no-op API has no active span).
 */
export async function runParents(tracer, parents, children) {
  let notActive = 0;
  const child = (span) => {
    span.setAttribute('attribute_key1', 1);
    span.addEvent('Event With Some Attributes', EVENT_ATTRIBUTES);
    if (trace.getActiveSpan() !== span) notActive++;
    span.end();
  };
  const parent = (span) => {
    for (let i = 0; i < children; i++) tracer.startActiveSpan('operation_name', child);
    span.end();
  };
  for (let p = 0; p < parents; p++) {
    tracer.startActiveSpan('request', parent);
    await yieldToLoop();
  }
  return notActive;
}
