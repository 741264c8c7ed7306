/**
 * Every snippet of Datadog's "Custom instrumentation with the OpenTelemetry API" guide for
 * Node.js, run from a script (the snippets themselves live in @dd-otel/demo-guide-snippets).
 * Nothing here knows about dd-otel.
 */
import { trace } from '@opentelemetry/api';
import { createGuideSnippets } from '@dd-otel/demo-guide-snippets';

export const {
  createSpans,
  tagActiveSpan: addTagsToActiveSpan,
  addSpanEvents,
  recordExceptions,
  runAll: runGuideSnippets,
} = createGuideSnippets({
  tracer: trace.getTracer('custom-demo', '1.0.0'),
  // A script has no request span, so the tags go on a span of their own.
  spanNames: { work: 'checkout.process', workStep: 'checkout.validate', events: 'events.demo', exceptions: 'exceptions.demo', tags: 'tags.demo' },
});
