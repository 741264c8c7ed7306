/**
 * The snippets of Datadog's "Custom instrumentation with the OpenTelemetry API" guide for Node.js
 * (from @dd-otel/demo-guide-snippets), run inside a request: the request span is the parent and
 * the active span that gets the tags.
 */
import { trace } from '@opentelemetry/api';
import { createGuideSnippets } from '@dd-otel/demo-guide-snippets';

/** Runs every snippet in the guide's order. */
export const { runAll: runGuideSnippets } = createGuideSnippets({
  tracer: trace.getTracer('fastify-demo', '0.1.0'),
  spanNames: { work: 'work.process', workStep: 'work.validate', events: 'work.events', exceptions: 'work.exceptions' },
  activeSpanTags: ['customer.id', 'customer.tier', 'cart.total', 'cart.skus'],
});
