/**
 * Every snippet of Datadog's "custom instrumentation with the OpenTelemetry API" guide for
 * Node.js, in the guide's order, on the plain OTel API: nothing here knows about dd-otel. Each demo
 * app runs them with its own tracer and span names (inside a request, or from a script).
 */
import { trace } from '@opentelemetry/api';
import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { addGuideEvents } from './span-events.js';
import { recordHandledFailure } from './recorded-exceptions.js';

/** The attributes "Adding span tags" can set on the active span. */
export const GUIDE_ACTIVE_SPAN_TAGS = Object.freeze({
  'customer.id': '12345',
  'customer.tier': 'gold',
  'cart.total': 99.95,
  'cart.gift': true,
  'cart.skus': ['a-1', 'b-2'],
} satisfies Attributes);

export type GuideTagName = keyof typeof GUIDE_ACTIVE_SPAN_TAGS;

export interface GuideSpanNames {
  /** The unit of work of "Creating spans" (e.g. `checkout.process`). */
  work: string;
  /** The child span inside that unit of work (e.g. `checkout.validate`). */
  workStep: string;
  /** The span that gets the guide's events. */
  events: string;
  /** The span that records the guide's exceptions. */
  exceptions: string;
  /**
   * When set, "Adding span tags" first starts an active span of this name: a script has no
   * request span to tag. Default: tag whatever span is active (the request span in a server).
   */
  tags?: string;
}

export interface GuideSnippetsOptions {
  tracer: Tracer;
  spanNames: GuideSpanNames;
  /** Which of GUIDE_ACTIVE_SPAN_TAGS "Adding span tags" sets, in this order. Default: all. */
  activeSpanTags?: readonly GuideTagName[];
  /** How long the unit of work of "Creating spans" lasts, in milliseconds. Default: 5. */
  workDelayMs?: number;
}

export interface GuideSnippets {
  /** "Creating spans": an active span around a unit of work, with a child span. */
  createSpans(): Promise<void>;
  /** "Adding span tags": the active span, found from anywhere, gets attributes. */
  tagActiveSpan(): void;
  /** "Adding span events": attributes of every supported type, and an explicit timestamp. */
  addSpanEvents(): void;
  /** "Recording exceptions": with and without attributes; then the span is marked failed. */
  recordExceptions(): void;
  /** Every snippet in the guide's order. */
  runAll(): Promise<void>;
}

export function createGuideSnippets(options: GuideSnippetsOptions): GuideSnippets {
  const { tracer, spanNames, workDelayMs = 5 } = options;
  const tagNames = options.activeSpanTags ?? (Object.keys(GUIDE_ACTIVE_SPAN_TAGS) as GuideTagName[]);

  function inActiveSpan(name: string, work: (span: Span) => void): void {
    tracer.startActiveSpan(name, (span) => {
      work(span);
      span.end();
    });
  }

  function tagTheActiveSpan(): void {
    const active = trace.getActiveSpan();
    for (const name of tagNames) active?.setAttribute(name, GUIDE_ACTIVE_SPAN_TAGS[name]);
  }

  const snippets: GuideSnippets = {
    async createSpans() {
      await tracer.startActiveSpan(spanNames.work, async (span) => {
        span.setAttribute('resource.name', 'process order 42');
        await new Promise((resolve) => setTimeout(resolve, workDelayMs));
        inActiveSpan(spanNames.workStep, (child) => child.setAttribute('items', 3));
        span.end();
      });
    },
    tagActiveSpan() {
      if (spanNames.tags === undefined) tagTheActiveSpan();
      else inActiveSpan(spanNames.tags, tagTheActiveSpan);
    },
    addSpanEvents() {
      inActiveSpan(spanNames.events, (span) => addGuideEvents(span));
    },
    recordExceptions() {
      inActiveSpan(spanNames.exceptions, recordHandledFailure);
    },
    async runAll() {
      await snippets.createSpans();
      snippets.tagActiveSpan();
      snippets.addSpanEvents();
      snippets.recordExceptions();
    },
  };
  return snippets;
}
