import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { createGuideSnippets } from '@dd-otel/demo-guide-snippets';
import type { GuideSnippets } from '@dd-otel/demo-guide-snippets';

/**
 * The snippets of Datadog's "custom instrumentation with the OpenTelemetry API" guide (from
 * @dd-otel/demo-guide-snippets) as a Nest provider. Run inside a Nest request, they find the
 * request's span as the active one.
 */
@Injectable()
export class GuideSnippetsService {
  readonly guide: GuideSnippets = createGuideSnippets({
    tracer: trace.getTracer('nest-demo', '0.1.0'),
    spanNames: { work: 'checkout.process', workStep: 'checkout.validate', events: 'events.demo', exceptions: 'exceptions.demo' },
    activeSpanTags: ['customer.id', 'customer.tier', 'cart.total'],
    workDelayMs: 2,
  });
}
